import { readFileSync } from 'node:fs'

/**
 * When a process started, in clock ticks since boot: field 22 of `/proc/<pid>/stat`, read after
 * the command name (which may hold spaces and parentheses). Undefined where there is no /proc
 * (not Linux) or the process is gone. With the pid it names one process: a reused pid has
 * another start.
 */
export function processStartTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ticks = Number(fields[19])
    return Number.isFinite(ticks) ? ticks : undefined
  } catch {
    return undefined
  }
}
