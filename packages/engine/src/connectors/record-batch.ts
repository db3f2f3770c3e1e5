/** A record as it flows between steps: a plain object. */
export type DataRecord = Record<string, unknown>

/** Records travel in batches: one async step per batch, not per record. */
export type RecordBatches = AsyncIterable<DataRecord[]>

/** Flattens batches into single records (for callers that want them one by one). */
export async function* eachRecord(batches: RecordBatches): AsyncIterable<DataRecord> {
  for await (const batch of batches) yield* batch
}
