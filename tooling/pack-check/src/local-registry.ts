import { createHash } from "node:crypto";
import { createReadStream, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import semver from "semver";
import { create } from "tar";
import type { PackageManifest } from "./manifest.js";

interface PublishedVersion {
  manifest: PackageManifest;
  tarball: string;
  integrity: string;
  shasum: string;
}

/**
 * A throwaway npm registry on 127.0.0.1, so that a project outside the workspace installs the packed
 * tarballs the way users will: through semver ranges, with nothing from the network.
 *
 * It serves the tarballs published to it, and every other package from directories already installed on
 * this machine (the workspace's own install, see `installedCopies`), repacked on first request. The store behind `pnpm install --offline` could not
 * resolve our packages' ranges between each other, and `file:` dependencies or overrides would bypass
 * exactly the resolution this check is about.
 */
export class LocalRegistry {
  private readonly published = new Map<string, Map<string, PublishedVersion>>();
  private readonly repacks = new Map<string, Promise<PublishedVersion>>();
  private readonly tarballs = new Set<string>();
  private counter = 0;
  /** Names asked for and not served (e.g. native binaries for other platforms). */
  readonly notFound = new Set<string>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly installedDirs: ReadonlyMap<string, ReadonlyMap<string, string>>,
    private readonly workDir: string,
  ) {}

  /**
   * Starts serving. `installed`: name -> version -> directory of the third-party packages it may serve;
   * `workDir`: a temp dir for the repacked tarballs.
   */
  static async start(
    installed: ReadonlyMap<string, ReadonlyMap<string, string>>,
    workDir: string,
  ): Promise<LocalRegistry> {
    mkdirSync(workDir, { recursive: true });
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const registry = new LocalRegistry(server, `http://127.0.0.1:${port}/`, installed, workDir);
    server.on("request", (request, response) => {
      registry.handle(request, response).catch((error: unknown) => {
        response.writeHead(500, { "content-type": "text/plain" });
        response.end(String(error));
      });
    });
    return registry;
  }

  publish(tarball: string, manifest: PackageManifest): void {
    const versions = this.published.get(manifest.name) ?? new Map<string, PublishedVersion>();
    versions.set(manifest.version, this.describe(tarball, manifest));
    this.published.set(manifest.name, versions);
  }

  private describe(tarball: string, manifest: PackageManifest): PublishedVersion {
    const bytes = readFileSync(tarball);
    this.tarballs.add(tarball);
    return {
      manifest,
      tarball,
      integrity: `sha512-${createHash("sha512").update(bytes).digest("base64")}`,
      shasum: createHash("sha1").update(bytes).digest("hex"),
    };
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = decodeURIComponent(new URL(request.url ?? "/", this.url).pathname).slice(1);
    if (path.startsWith("-/")) return this.serveTarball(path.slice(2), response);
    const versions = await this.versionsOf(path);
    if (versions === undefined) {
      this.notFound.add(path);
      response.writeHead(404, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: "not found" }));
      return;
    }
    const entries = [...versions.values()];
    const latest = entries
      .map((v) => v.manifest.version)
      .sort(semver.compare)
      .at(-1)!;
    const packument = {
      name: path,
      "dist-tags": { latest },
      versions: Object.fromEntries(
        entries.map((v) => [
          v.manifest.version,
          {
            ...v.manifest,
            _id: `${path}@${v.manifest.version}`,
            dist: { tarball: this.tarballUrl(v.tarball), integrity: v.integrity, shasum: v.shasum },
          },
        ]),
      ),
    };
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify(packument));
  }

  private async versionsOf(name: string): Promise<Map<string, PublishedVersion> | undefined> {
    const published = this.published.get(name);
    if (published !== undefined) return published;
    const installed = this.installedDirs.get(name);
    if (installed === undefined) return undefined;
    const versions = new Map<string, PublishedVersion>();
    for (const [version, dir] of installed) versions.set(version, await this.repack(name, version, dir));
    return versions;
  }

  private repack(name: string, version: string, dir: string): Promise<PublishedVersion> {
    const key = `${name}@${version}`;
    let pending = this.repacks.get(key);
    if (pending === undefined) {
      const tarball = join(this.workDir, `${++this.counter}.tgz`);
      // Fastest gzip level: these tarballs live for one run and never leave the machine.
      pending = create(
        { file: tarball, cwd: dir, prefix: "package", portable: true, gzip: { level: 1 } },
        readdirSync(dir),
      ).then(() => {
        const { devDependencies: _dev, ...manifest } = JSON.parse(
          readFileSync(join(dir, "package.json"), "utf8"),
        ) as PackageManifest;
        return this.describe(tarball, manifest);
      });
      this.repacks.set(key, pending);
    }
    return pending;
  }

  private tarballUrl(tarball: string): string {
    return `${this.url}-/${encodeURIComponent(tarball)}`;
  }

  private serveTarball(encodedPath: string, response: ServerResponse): void {
    if (!this.tarballs.has(encodedPath)) {
      response.writeHead(404);
      response.end();
      return;
    }
    response.writeHead(200, { "content-type": "application/octet-stream" });
    createReadStream(encodedPath).pipe(response);
  }
}
