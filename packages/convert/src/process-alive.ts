/** Whether a process with this pid exists (EPERM: it does, owned by someone else). Used to tell stale temp dirs and locks. */
export function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
