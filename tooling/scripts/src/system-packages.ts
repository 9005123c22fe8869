/** A program some test runs that npm cannot provide: a Debian package, installed by the root `pnpm test`. */
export interface SystemPackage {
  /** The executable: an absolute path, or a name looked up on PATH. */
  command: string;
  /** The Debian package that provides it. */
  apt: string;
  /** An environment variable that may name another executable instead (the tests read it too). */
  pathEnv?: string;
  /** Who needs it, for the messages. */
  neededBy: string;
}

/** Everything the test suite needs from the system (add a line here when a test starts needing a program). */
export const SYSTEM_PACKAGES: readonly SystemPackage[] = [
  {
    // apps/web's chromium.test-util.ts launches exactly this path (never a downloaded browser).
    command: "/usr/bin/chromium",
    apt: "chromium",
    pathEnv: "CHROMIUM_PATH",
    neededBy: "the browser end-to-end test (apps/web)",
  },
  {
    // apps/batch's redis-server.test-util.ts starts this on a free 127.0.0.1 port with a temp directory.
    command: "/usr/bin/redis-server",
    apt: "redis-server",
    pathEnv: "REDIS_SERVER_PATH",
    neededBy: "the batch app's queue tests (apps/batch)",
  },
];
