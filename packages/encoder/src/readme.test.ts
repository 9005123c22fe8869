/** The README's TypeScript examples must compile under the repository's strict settings (they are copied by users). */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function typeScriptBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] as string);
}

/** Type errors of `sources` compiled as modules of this package, with `@longformer-ts/encoder` mapped to src. */
function typeErrors(sources: string[]): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(PACKAGE_DIR, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  if (!parsed) throw new Error("cannot read tsconfig.json");
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    baseUrl: PACKAGE_DIR,
    paths: { "@longformer-ts/encoder": ["./src/index.ts"] },
  };
  const virtual = new Map(sources.map((text, i) => [join(PACKAGE_DIR, `readme-example-${i}.ts`), text]));
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (file) => virtual.has(file) || fileExists.call(host, file);
  host.readFile = (file) => virtual.get(file) ?? readFile.call(host, file);
  host.getSourceFile = (file, language, ...rest) => {
    const text = virtual.get(file);
    return text === undefined
      ? getSourceFile.call(host, file, language, ...rest)
      : ts.createSourceFile(file, text, language);
  };
  const program = ts.createProgram([...virtual.keys()], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && virtual.has(d.file.fileName))
    .map((d) => {
      const { line } = d.file?.getLineAndCharacterOfPosition(d.start ?? 0) ?? { line: 0 };
      return `example line ${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
    });
}

describe("README", () => {
  it("its TypeScript examples type-check in strict mode", () => {
    const blocks = typeScriptBlocks(readFileSync(join(PACKAGE_DIR, "README.md"), "utf8"));
    expect(blocks.length).toBeGreaterThan(0);
    expect(typeErrors(blocks)).toEqual([]);
  }, 60_000);
});
