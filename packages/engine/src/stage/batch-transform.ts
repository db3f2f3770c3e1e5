import type { DataRecord, RecordBatches } from '../connectors/index.js'
import { keepPosition } from './record-position.js'

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

/**
 * A transform applying a per-record function that may drop (null) or fan out (array). What it
 * returns keeps the input position of the record it came from (see `keepPosition`).
 */
export function mapRecords(
  fn: (record: DataRecord) => DataRecord | DataRecord[] | null,
): BatchTransform {
  return mapBatches((batch) => {
    const out: DataRecord[] = []
    for (const record of batch) {
      const r = fn(record)
      if (r === null) continue
      if (Array.isArray(r)) {
        for (const one of r) keepPosition(record, one)
        out.push(...r)
      } else {
        keepPosition(record, r)
        out.push(r)
      }
    }
    return out
  })
}
