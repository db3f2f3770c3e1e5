import os from 'node:os'

/** One line describing the machine a benchmark ran on. */
export function describeMachine() {
  const cpus = os.cpus()
  const model = cpus[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU'
  const mem = (os.totalmem() / 2 ** 30).toFixed(0)
  return `${model}, ${cpus.length} cores, ${mem} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`
}
