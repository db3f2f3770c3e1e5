import type { RecordSink } from './record-sink.js'
import { openTextSink } from './text-sink.js'
import { recordJson } from './json-text.js'

/** A sink writing a JSON array of records, streamed element by element (never held whole). */
export function openJsonSink(file: string): Promise<RecordSink> {
  return openTextSink(file, 'json', {
    encode(batch, index) {
      let text = ''
      batch.forEach((record, i) => {
        text += (index + i === 0 ? '[\n' : ',\n') + recordJson(record)
      })
      return text
    },
    end: (records) => (records === 0 ? '[]\n' : '\n]\n'),
  })
}
