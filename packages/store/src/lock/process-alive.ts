import { readFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { processAlive, processStartTicks } from '@runink/node'

/**
 * When a process started, from /proc on Linux (undefined elsewhere or when unreadable). Clock
 * ticks are taken as 100 per second, the value on every mainstream Linux build.
 */
export function processStartTime(pid: number): Date | undefined {
  const ticks = processStartTicks(pid)
  if (ticks === undefined) return undefined
  try {
    const btime = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]
    if (btime === undefined) return undefined
    return new Date(Number(btime) * 1000 + ticks * 10)
  } catch {
    return undefined
  }
}

/**
 * True when the process that owned something is still running: its pid exists and, where the
 * start time can be read, it started when the owner did (so a reused pid is not mistaken for it).
 */
export function ownerAlive(pid: number, startedAt: Date | null): boolean {
  if (!processAlive(pid)) return false
  const actual = startedAt ? processStartTime(pid) : undefined
  return (
    actual === undefined ||
    startedAt === null ||
    Math.abs(actual.getTime() - startedAt.getTime()) < 5_000
  )
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
