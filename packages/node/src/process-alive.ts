/**
 * True when a process with this pid exists on this machine (signal 0 probes without killing);
 * one of another user's counts (EPERM: it exists but belongs to someone else).
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
