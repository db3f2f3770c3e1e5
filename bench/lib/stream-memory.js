// Peak RSS of a Runink stage (coerce-validate + mask → JSONL) streaming a generated CSV of a
// given size, measured in a fresh child process. Shared by memory.js and memory-check.js.
import { rmSync } from 'node:fs'
import { SLICE_NODE_FLAGS } from '@runink/engine'
import { runChild } from './run-child.js'
import { CONTRACT, parseSize, tradesCsv, WORK } from './trades-csv.js'

export const LIMIT_MB = 200
const lib = (name) => new URL(`./${name}`, import.meta.url).pathname

/** Generates (once) a CSV of `size` (e.g. "2GB") and returns it. */
export function csvOfSize(size) {
  return tradesCsv({ bytes: parseSize(size), name: `trades-${size.replace(/\s+/g, '')}.csv` })
}

/**
 * Runs a child over `file` and returns its report (records, cpuMs, peakRssKb, wallMs).
 * @param {'runink' | 'duckdb'} who
 */
export async function streamPeak(file, who = 'runink') {
  const out = `${WORK}memory-out.jsonl`
  try {
    return who === 'runink'
      ? await runChild(lib('runink-child.js'), [file, out, CONTRACT], [...SLICE_NODE_FLAGS])
      : await runChild(lib('duckdb-child.js'), [file, out, '1'])
  } finally {
    rmSync(out, { force: true })
    rmSync(`${out}.dlq`, { force: true })
  }
}
