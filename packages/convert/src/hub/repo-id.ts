/**
 * `owner/name` as the HuggingFace hub spells repo ids: no `..`, bounded lengths, and no `--`, which the hub
 * refuses because the cache folder `models--owner--name` would be ambiguous (`alice--model/x` and
 * `alice/model--x` would share one).
 */
export function isHubRepoId(id: string): boolean {
  return /^[A-Za-z0-9][\w.-]{0,95}\/[\w.-]{1,96}$/.test(id) && !id.includes("..") && !id.includes("--");
}
