import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Where the WAT sources live, one op (or shared helper) per file. */
export const WAT_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "src", "wat");

/**
 * The sources in module order. Order does not change what the module computes (WAT refers to functions by
 * name), but it fixes the function indices, so a reordering shows up as new bytes for no reason.
 */
export const WAT_SOURCES = [
  "exp",
  "register-blocks",
  "matmul",
  "fill",
  "scale-rows",
  "transpose",
  "softmax",
  "band-core",
  "gelu",
  "add-layer-norm",
] as const;

/** A source that cannot be joined: `code` says which rule it breaks, the message names the file or fragment. */
export class WatSourceError extends Error {
  readonly code: "UNLISTED_SOURCE" | "MISSING_SOURCE" | "UNKNOWN_FRAGMENT" | "UNTERMINATED_FRAGMENT";
  constructor(code: WatSourceError["code"], message: string) {
    super(message);
    this.name = "WatSourceError";
    this.code = code;
  }
}

const DEFINE = /^\s*;; @define (\S+) (\$\S+)\s*$/;
const EXPAND = /^(\s*);; @expand (\S+) (\$\S+)\s*$/;
const END = /^\s*;; @end\s*$/;
/** A character that may continue a WAT identifier (`$name`). */
const ID_CHAR = "[0-9A-Za-z!#$%&'*+\\-./:<=>?@\\\\^_`|~]";
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Inline fragments, for code that must be written out several times because V8 does not inline wasm calls
 * (GELU's two float64 halves): `;; @define NAME $param` ... `;; @end` declares one (and is dropped from the
 * output), and each `;; @expand NAME $arg` line becomes its body, indented like that line, with `$param`
 * renamed to `$arg`. Fragments are visible to every source after the one that defines them.
 */
export function expandFragments(text: string, fragments = new Map<string, { param: string; body: string[] }>()) {
  const out: string[] = [];
  let open: { name: string; param: string; body: string[] } | undefined;
  for (const line of text.split("\n")) {
    const define = DEFINE.exec(line);
    if (open) {
      if (END.test(line)) {
        fragments.set(open.name, { param: open.param, body: open.body });
        open = undefined;
      } else open.body.push(line);
      continue;
    }
    if (define) {
      open = { name: define[1] as string, param: define[2] as string, body: [] };
      continue;
    }
    const expand = EXPAND.exec(line);
    if (!expand) {
      out.push(line);
      continue;
    }
    const [, indent, name, arg] = expand as unknown as [string, string, string, string];
    const fragment = fragments.get(name);
    if (!fragment) throw new WatSourceError("UNKNOWN_FRAGMENT", `@expand ${name}: no fragment of that name`);
    // the parameter as a whole identifier: `$v` must not rename `$v0`
    const param = new RegExp(`${escapeRegExp(fragment.param)}(?!${ID_CHAR})`, "g");
    for (const bodyLine of fragment.body) out.push(bodyLine === "" ? "" : indent + bodyLine.replace(param, arg));
  }
  if (open) throw new WatSourceError("UNTERMINATED_FRAGMENT", `@define ${open.name} has no @end`);
  return out.join("\n");
}

/** The sources joined into one module text, importing its memory (its own, or tfjs-wasm's heap). */
export function joinWat(sources: ReadonlyArray<{ name: string; text: string }>): string {
  const fragments = new Map<string, { param: string; body: string[] }>();
  const indent = (text: string) =>
    text
      .split("\n")
      .map((line) => (line === "" ? "" : `  ${line}`))
      .join("\n");
  const parts = sources.map(({ name, text }) => `  ;; ---- ${name}.wat\n${indent(expandFragments(text, fragments))}`);
  return `(module\n  (import "env" "memory" (memory 1))\n${parts.join("\n")}\n)\n`;
}

/** Reads every source of `dir` in `WAT_SOURCES` order; a `.wat` file not listed (or listed, not there) is an error. */
export function readWatSources(dir = WAT_DIR): Array<{ name: string; text: string }> {
  const present = readdirSync(dir)
    .filter((f) => f.endsWith(".wat"))
    .map((f) => f.slice(0, -4));
  const listed: readonly string[] = WAT_SOURCES;
  const unlisted = present.filter((name) => !listed.includes(name));
  if (unlisted.length > 0) {
    throw new WatSourceError(
      "UNLISTED_SOURCE",
      `${unlisted.join(", ")}.wat not in WAT_SOURCES (scripts/wat-sources.ts)`,
    );
  }
  const missing = listed.filter((name) => !present.includes(name));
  if (missing.length > 0) throw new WatSourceError("MISSING_SOURCE", `WAT_SOURCES lists missing ${missing.join(", ")}`);
  return listed.map((name) => ({ name, text: readFileSync(join(dir, `${name}.wat`), "utf8") }));
}
