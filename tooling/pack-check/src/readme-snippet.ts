import { readFileSync } from "node:fs";

const MARKER = "<!-- readme-snippet:node";

/**
 * The TypeScript block that follows the `<!-- readme-snippet:node ... -->` marker in a README: the code users
 * copy, which the pack-and-install test compiles (strict) and runs against the installed tarballs as written.
 */
export function readmeSnippet(readmePath: string): string {
  const text = readFileSync(readmePath, "utf8");
  const at = text.indexOf(MARKER);
  if (at < 0) throw new Error(`${readmePath} has no ${MARKER} ... --> marker`);
  const block = /```ts\n([\s\S]*?)```/.exec(text.slice(at));
  if (!block?.[1]) throw new Error(`no \`\`\`ts block after the ${MARKER} marker in ${readmePath}`);
  return block[1];
}
