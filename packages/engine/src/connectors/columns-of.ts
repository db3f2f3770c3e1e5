import type { DataRecord } from './record-batch.js'

/** The keys of a batch's records, in order of first appearance. */
export function columnsOf(batch: readonly DataRecord[]): string[] {
  const seen = new Set<string>()
  for (const record of batch) for (const key in record) seen.add(key)
  return [...seen]
}
