import type { DataRecord } from './record-batch.js'
import type { FileFormat } from './read-records.js'
import type { RecordSink, SinkResult } from './record-sink.js'
import { openCountedFile } from './counted-file.js'
import { SourceError } from './source-error.js'

/** How a text format turns batches into text. */
export interface TextEncoding {
  /** Text for one batch; `index` is the number of records written before it. */
  encode(batch: DataRecord[], index: number): string
  /** Text written once at the end (closing bracket, header of an empty file). */
  end?(records: number): string
}

/** A sink writing text formats (CSV, JSONL, JSON) through a counted, backpressured file. */
export async function openTextSink(
  file: string,
  format: FileFormat,
  encoding: TextEncoding,
): Promise<RecordSink> {
  const out = await openCountedFile(file)
  let records = 0
  let state: 'open' | 'finished' | 'aborted' = 'open'
  const ensureOpen = (): void => {
    if (state !== 'open')
      throw new SourceError('RUNINK_SINK_FAILED', `${file}: sink is already ${state}`, { file })
  }
  return {
    async write(batch) {
      ensureOpen()
      if (batch.length === 0) return
      const text = encoding.encode(batch, records)
      records += batch.length
      await out.write(text)
    },
    async finish(): Promise<SinkResult> {
      ensureOpen()
      state = 'finished'
      const tail = encoding.end?.(records) ?? ''
      if (tail !== '') await out.write(tail)
      const { bytes } = await out.close()
      return { path: file, format, records, bytes }
    },
    async abort() {
      if (state === 'aborted') return
      state = 'aborted'
      await out.remove()
    },
  }
}
