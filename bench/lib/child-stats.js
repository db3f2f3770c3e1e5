// Inside a benchmark child process: reports what it did as one JSON line on stdout.
import { readFileSync } from 'node:fs'

/** Peak resident set of this process in KiB (VmHWM), or maxRSS where /proc is missing. */
export function peakRssKb() {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'))
    if (m) return Number(m[1])
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS
}

/** Prints the child's result line: records written, CPU time of all its threads, peak RSS. */
export function report(fields) {
  const cpu = process.cpuUsage()
  const line = { ...fields, cpuMs: (cpu.user + cpu.system) / 1000, peakRssKb: peakRssKb() }
  process.stdout.write(`\n@@bench ${JSON.stringify(line)}\n`)
}
