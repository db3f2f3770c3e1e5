import type { DataRecord, RecordBatches } from '../connectors/index.js'

/** A step as the runtime composes it: batches in, batches out. */
export type BatchTransform = (input: RecordBatches) => RecordBatches

/** A transform applying a synchronous function to each batch; empty batches are skipped. */
export function mapBatches(fn: (batch: DataRecord[]) => DataRecord[]): BatchTransform {
  return async function* mapped(input) {
    for await (const batch of input) {
      const out = fn(batch)
      if (out.length > 0) yield out
    }
  }
}

/** A transform applying a per-record function that may drop (null) or fan out (array). */
export function mapRecords(
  fn: (record: DataRecord) => DataRecord | DataRecord[] | null,
): BatchTransform {
  return mapBatches((batch) => {
    const out: DataRecord[] = []
    for (const record of batch) {
      const r = fn(record)
      if (r === null) continue
      if (Array.isArray(r)) out.push(...r)
      else out.push(r)
    }
    return out
  })
}
