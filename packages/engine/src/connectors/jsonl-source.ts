import { createReadStream } from 'node:fs'
import { StringDecoder } from 'node:string_decoder'
import type { RecordBatches, DataRecord } from './record-batch.js'
import { SourceError, fileError } from './source-error.js'

/**
 * Streams an NDJSON file as batches of typed records. Blank lines are skipped; a line that is
 * not a JSON object raises a SourceError with file and line number.
 */
export async function* readJsonl(file: string): RecordBatches {
  const decoder = new StringDecoder('utf8')
  let rest = ''
  let lineNo = 0
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 })
  try {
    for await (const chunk of stream) {
      const text = rest + decoder.write(chunk as Buffer)
      const lines = text.split('\n')
      rest = lines.pop() ?? ''
      const batch: DataRecord[] = []
      for (const line of lines) batch.push(...parseLine(file, line, ++lineNo))
      if (batch.length > 0) yield batch
    }
    const last = rest + decoder.end()
    if (last.trim() !== '') yield parseLine(file, last, ++lineNo)
  } catch (error) {
    stream.destroy()
    if (error instanceof SourceError) throw error
    fileError(error, file)
  }
}

function parseLine(file: string, line: string, lineNo: number): DataRecord[] {
  if (line.trim() === '') return []
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch (error) {
    throw new SourceError(
      'RUNINK_SOURCE_MALFORMED',
      `${file}:${lineNo}: not valid JSON (${(error as Error).message})`,
      { file, line: lineNo },
    )
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SourceError(
      'RUNINK_SOURCE_MALFORMED',
      `${file}:${lineNo}: a record must be a JSON object`,
      {
        file,
        line: lineNo,
      },
    )
  }
  return [value as DataRecord]
}
