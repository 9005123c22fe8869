import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create } from "tar";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalRegistry } from "./local-registry.js";
import { packedManifest, readTarball } from "./tarball-contents.js";

interface Packument {
  "dist-tags": { latest: string };
  versions: Record<string, { version: string; dist: { tarball: string; integrity: string } }>;
}

let dir: string;
let registry: LocalRegistry;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "pack-check-registry-"));
  // One installed third-party package (fflate@0.8.3).
  const installed = join(dir, "installed", "fflate");
  mkdirSync(installed, { recursive: true });
  writeFileSync(
    join(installed, "package.json"),
    JSON.stringify({ name: "fflate", version: "0.8.3", devDependencies: { x: "1" } }),
  );
  writeFileSync(join(installed, "index.js"), "export {};\n");
  registry = await LocalRegistry.start(new Map([["fflate", new Map([["0.8.3", installed]])]]), join(dir, "work"));
});

afterEach(async () => {
  await registry.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function packTo(name: string, version: string): Promise<string> {
  const source = join(dir, `${name}-${version}`);
  mkdirSync(source, { recursive: true });
  writeFileSync(join(source, "package.json"), JSON.stringify({ name, version }));
  const tarball = join(dir, `${name}-${version}.tgz`);
  await create({ file: tarball, cwd: source, prefix: "package", gzip: true }, ["package.json"]);
  return tarball;
}

async function download(url: string): Promise<Buffer> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

describe("LocalRegistry", () => {
  it("serves every published version with the integrity of its tarball, latest the highest", async () => {
    for (const version of ["1.1.0", "1.0.0"]) {
      const tarball = await packTo("enc", version);
      registry.publish(tarball, packedManifest(readTarball(tarball)));
    }
    const packument = (await (await fetch(`${registry.url}enc`)).json()) as Packument;
    expect(packument["dist-tags"].latest).toBe("1.1.0");
    expect(Object.keys(packument.versions).sort()).toEqual(["1.0.0", "1.1.0"]);
    for (const entry of Object.values(packument.versions)) {
      const bytes = await download(entry.dist.tarball);
      expect(entry.dist.integrity).toBe(`sha512-${createHash("sha512").update(bytes).digest("base64")}`);
    }
  });

  it("repacks installed third-party packages as npm tarballs, without their devDependencies", async () => {
    const packument = (await (await fetch(`${registry.url}fflate`)).json()) as Packument;
    const entry = packument.versions["0.8.3"]!;
    expect(entry).not.toHaveProperty("devDependencies");
    const tarball = join(dir, "fflate.tgz");
    writeFileSync(tarball, await download(entry.dist.tarball));
    expect([...readTarball(tarball).keys()].sort()).toEqual(["index.js", "package.json"]);
  });

  it("answers 404 for unknown packages and files it did not publish, and records the names", async () => {
    expect((await fetch(`${registry.url}left-pad`)).status).toBe(404);
    expect((await fetch(`${registry.url}-/${encodeURIComponent("/etc/passwd")}`)).status).toBe(404);
    expect([...registry.notFound]).toEqual(["left-pad"]);
  });
});
