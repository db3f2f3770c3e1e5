import { hostname } from 'node:os'

/** True when a process with this pid exists on this machine (signal 0 probes without killing). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Who this process is, as recorded on locks and runs. */
export interface ProcessIdentity {
  readonly pid: number
  readonly host: string
  readonly command: string
  readonly startedAt: Date
}

/** The identity of the current process. */
export function currentProcess(): ProcessIdentity {
  return {
    pid: process.pid,
    host: hostname(),
    command: process.argv.slice(1).join(' ') || process.argv0,
    startedAt: new Date(Date.now() - Math.round(process.uptime() * 1000)),
  }
}
