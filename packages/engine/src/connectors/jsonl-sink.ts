import type { RecordSink } from './record-sink.js'
import { openTextSink } from './text-sink.js'
import { recordJson } from './json-text.js'

/** A sink writing one JSON object per line (NDJSON). */
export function openJsonlSink(file: string): Promise<RecordSink> {
  return openTextSink(file, 'jsonl', {
    encode(batch) {
      let text = ''
      for (const record of batch) text += recordJson(record) + '\n'
      return text
    },
  })
}
