import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join, normalize } from "node:path";

export interface RecordedRequest {
  method: string;
  path: string;
  range: string | undefined;
  authorization: string | undefined;
}

/** Faults a test can inject into the hub server, per file name. */
export interface HubFaults {
  /** Send this many bytes of the file, then drop the connection (once per listed count). */
  cutAfter?: { file: string; bytes: number; times: number };
  /** Send the headers and this many bytes, then go silent. */
  stall?: { file: string; bytes: number };
  /** Announce a wrong sha256 ETag for this file. */
  wrongSha?: string;
  /** Ignore Range requests (always answer 200 with the whole file). */
  noRange?: boolean;
  /** Answer 200 with an HTML error page instead of this file (a misconfigured mirror or proxy). */
  html?: string;
  /** Send no ETag at all (a plain static server). */
  noEtag?: boolean;
  /** Send no X-Repo-Commit (a mirror that is not the hub). */
  noCommit?: boolean;
  /** Wait this many ms before answering a GET of this file (lets concurrent downloads overlap). */
  slow?: { file: string; ms: number };
}

export interface TestServer {
  /** Base URL, e.g. http://127.0.0.1:43123 */
  url: string;
  requests: RecordedRequest[];
  faults: HubFaults;
  close(): Promise<void>;
}

const HTML_PAGE =
  "<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head><body>Try later</body></html>\n";

function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  name: string,
  faults: HubFaults,
  extraHeaders: Record<string, string> = {},
): void {
  const bytes = faults.html === name ? Buffer.from(HTML_PAGE) : readFileSync(path);
  const sha = createHash("sha256").update(bytes).digest("hex");
  const etagHeader: Record<string, string> = faults.noEtag
    ? {}
    : { etag: `"${faults.wrongSha === name ? "0".repeat(64) : sha}"` };
  const headers = { ...(faults.noCommit ? {} : extraHeaders), ...etagHeader };
  if (req.method === "HEAD") {
    res.writeHead(200, { ...headers, "content-length": bytes.byteLength }).end();
    return;
  }
  if (faults.slow?.file === name) {
    const { ms } = faults.slow;
    setTimeout(() => sendBody(req, res, bytes, name, faults, headers), ms);
    return;
  }
  sendBody(req, res, bytes, name, faults, headers);
}

function sendBody(
  req: IncomingMessage,
  res: ServerResponse,
  bytes: Buffer,
  name: string,
  faults: HubFaults,
  headers: Record<string, string>,
): void {
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
  let start = 0;
  if (range && !faults.noRange) {
    start = Number(range[1]);
    if (start >= bytes.byteLength) {
      res.writeHead(416, { "content-range": `bytes */${bytes.byteLength}` }).end();
      return;
    }
    res.writeHead(206, {
      ...headers,
      "content-length": bytes.byteLength - start,
      "content-range": `bytes ${start}-${bytes.byteLength - 1}/${bytes.byteLength}`,
    });
  } else {
    res.writeHead(200, { ...headers, "content-length": bytes.byteLength });
  }
  const body = bytes.subarray(start);
  const cut = faults.cutAfter;
  if (cut && cut.file === name && cut.times > 0) {
    cut.times--;
    res.write(body.subarray(0, cut.bytes), () => res.destroy());
    return;
  }
  if (faults.stall?.file === name) {
    res.write(body.subarray(0, faults.stall.bytes));
    return; // never ends; closeAllConnections() in close() cleans up
  }
  res.end(body);
}

async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  faults: HubFaults,
): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({
      method: req.method ?? "GET",
      path: decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname),
      range: req.headers.range,
      authorization: req.headers.authorization,
    });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The commit a test hub's revision points to (a stable fake sha1). */
export function testCommit(repoId: string, revision: string): string {
  return createHash("sha1").update(`${repoId}@${revision}`).digest("hex");
}

/**
 * A stand-in for the hub on 127.0.0.1 (random port): `/<owner>/<name>/resolve/<revision>/<file>` serves
 * `repos["owner/name"]/<file>` for any revision in `revisions` (default: main) or its commit
 * (`testCommit`), to GET and HEAD, with Range support, the file's sha256 as ETag (as the hub does for LFS
 * files) and the commit as `X-Repo-Commit`.
 */
export function startHubServer(
  repos: Record<string, string>,
  options: { revisions?: string[]; faults?: HubFaults } = {},
): Promise<TestServer> {
  const faults = options.faults ?? {};
  const revisions = options.revisions ?? ["main"];
  return listen((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const m = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(path);
    const repoId = m?.[1] as string;
    const dir = m ? repos[repoId] : undefined;
    const file = m?.[3] as string;
    const revision = revisions.find((r) => r === m?.[2] || testCommit(repoId, r) === m?.[2]);
    if (
      !m ||
      !dir ||
      !revision ||
      file.includes("..") ||
      !existsSync(join(dir, file)) ||
      statSync(join(dir, file)).isDirectory()
    ) {
      res.writeHead(404).end("Entry not found");
      return;
    }
    sendFile(req, res, join(dir, file), file, faults, { "x-repo-commit": testCommit(repoId, revision) });
  }, faults);
}

/** Serves one directory as static files under `/` (for loading converted directories by URL). */
export function startStaticServer(root: string): Promise<TestServer> {
  const faults: HubFaults = {};
  return listen((req, res) => {
    const rel = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(/^\/+/, "");
    const path = join(root, rel);
    if (rel.startsWith("..") || !existsSync(path) || statSync(path).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    sendFile(req, res, path, rel, faults);
  }, faults);
}
