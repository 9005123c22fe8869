import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Debian's redis-server (`REDIS_SERVER_PATH` overrides). */
export function redisServerPath(): string {
  const path = process.env.REDIS_SERVER_PATH ?? "/usr/bin/redis-server";
  if (!existsSync(path)) {
    throw new Error(
      `redis-server not found at ${path}: install it with \`apt-get install -y redis-server\` (or set REDIS_SERVER_PATH)`,
    );
  }
  return path;
}

/** A port that was free on 127.0.0.1 a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.connect(port, "127.0.0.1");
  });
}

export interface RedisServer {
  url: string;
  port: number;
  /**
   * Stops the server (SIGTERM, waits for it), leaves it down for `downMs`, and starts it again on the same port
   * and data directory.
   */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real redis-server on a free 127.0.0.1 port with a temp data directory, append-only with an fsync per write
 * (so a restart keeps every acknowledged write). `stop()` kills it and removes the directory; call it in
 * `afterAll`, it is also safe to call twice.
 */
export async function startRedis(): Promise<RedisServer> {
  const bin = redisServerPath();
  const dir = mkdtempSync(join(tmpdir(), "batch-redis-"));
  const port = await freePort();
  let child: ChildProcess | undefined;
  let log = "";
  const launch = async () => {
    log = "";
    child = spawn(
      bin,
      [
        "--bind",
        "127.0.0.1",
        "--port",
        String(port),
        "--dir",
        dir,
        "--save",
        "",
        "--appendonly",
        "yes",
        "--appendfsync",
        "always",
        "--protected-mode",
        "yes",
        "--daemonize",
        "no",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    child.stdout?.on("data", (c: Buffer) => (log += c.toString()));
    child.stderr?.on("data", (c: Buffer) => (log += c.toString()));
    const deadline = Date.now() + 10_000;
    while (!(await canConnect(port))) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const halt = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((resolve) => c.once("exit", resolve));
    c.kill("SIGTERM");
    await exited;
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    restart: async (downMs = 0) => {
      await halt();
      await new Promise((r) => setTimeout(r, downMs));
      await launch();
    },
    stop: async () => {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
