/** `owner/name` as the HuggingFace hub spells repo ids (no `..`, bounded lengths). */
export function isHubRepoId(id: string): boolean {
  return /^[A-Za-z0-9][\w.-]{0,95}\/[\w.-]{1,96}$/.test(id) && !id.includes("..");
}
