import { readFileSync } from 'node:fs'
import os from 'node:os'

/** One line describing the machine a benchmark ran on. */
export function describeMachine() {
  const cpus = os.cpus()
  const model = cpus[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU'
  const mem = (os.totalmem() / 2 ** 30).toFixed(0)
  return `${model}, ${cpus.length} cores, ${mem} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`
}

/**
 * CPU time used by every process on the machine so far (user + nice + system, all cores), in
 * ms, from /proc/stat; undefined where there is none. Two readings around a run give how busy
 * the whole machine was during it, child processes of children included.
 */
export function machineBusyMs() {
  try {
    const [user, nice, system] = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .slice(1, 4)
      .map(Number)
    return ((user + nice + system) * 1000) / 100 // USER_HZ is 100 on Linux
  } catch {
    return undefined
  }
}
