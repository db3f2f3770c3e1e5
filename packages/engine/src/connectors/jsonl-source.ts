import { createReadStream } from 'node:fs'
import type { RecordBatches, DataRecord } from './record-batch.js'
import {
  flagBatch,
  hasInvalidUtf8,
  markInvalid,
  markTooDeep,
  stringsOf,
  withReplacement,
} from './invalid-as-read.js'
import { findTooDeep, MAX_RECORD_DEPTH as MAX_DEPTH, shallowEnough } from './record-depth.js'
import { SourceError, fileError } from './source-error.js'
import { Utf8Text } from './utf8-text.js'

/**
 * Streams an NDJSON file as batches of typed records. Blank lines are skipped; a line that is
 * not a JSON object raises a SourceError with file and line number. A line with invalid UTF-8 or
 * nested deeper than {@link MAX_DEPTH} levels is a record invalid as read (see invalidAsRead),
 * with its line, field and byte offset.
 */
export async function* readJsonl(file: string): RecordBatches {
  // Bad bytes are not replaced silently: their record is invalid as read (see Utf8Text).
  const utf8 = new Utf8Text()
  let rest = ''
  let lineNo = 0
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 })
  const batchOf = (lines: readonly string[]): DataRecord[] => {
    const batch: DataRecord[] = []
    let flagged = false
    for (const line of lines) {
      lineNo++
      if (utf8.hasInvalid && hasInvalidUtf8(line)) {
        batch.push(invalidLine(line, lineNo, utf8))
        flagged = true
      } else {
        const deep = shallowEnough(line, MAX_DEPTH) ? undefined : tooDeepLine(line, lineNo)
        if (deep !== undefined) {
          batch.push(deep)
          flagged = true
        } else batch.push(...parseLine(file, line, lineNo))
      }
    }
    return flagged ? flagBatch(batch) : batch
  }
  try {
    for await (const chunk of stream) {
      const text = rest + utf8.write(chunk as Buffer)
      const lines = text.split('\n')
      rest = lines.pop() ?? ''
      const batch = batchOf(lines)
      if (batch.length > 0) yield batch
    }
    const last = rest + utf8.end()
    if (last.trim() !== '') yield batchOf([last])
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

/**
 * The record of a line with invalid bytes, marked invalid as read: its fields as parsed (U+FFFD
 * in place of the bad bytes), or an empty record when the bytes broke the JSON itself.
 */
function invalidLine(line: string, lineNo: number, utf8: Utf8Text): DataRecord {
  const where = `line ${lineNo}`
  let raw: unknown
  try {
    raw = JSON.parse(line)
  } catch {
    raw = undefined
  }
  const deep = !shallowEnough(line, MAX_DEPTH) && tooDeepLine(line, lineNo) !== undefined
  if (deep || raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    const record: DataRecord = {}
    const what = deep ? `nested deeper than ${MAX_DEPTH} levels` : 'not a JSON object once decoded'
    markInvalid(record, [], line, utf8, `${where}, ${what}`)
    return record
  }
  const source = raw as Record<string, unknown>
  const parts = Object.keys(source).map((key) => [key, stringsOf(source[key])] as const)
  const record = JSON.parse(withReplacement(line)) as DataRecord
  markInvalid(record, parts, line, utf8, where)
  return record
}

/** An empty record marked invalid when the line nests deeper than records may, else undefined. */
function tooDeepLine(line: string, lineNo: number): DataRecord | undefined {
  let column = 0
  findTooDeep(line, MAX_DEPTH, false, (_, i) => (column = i + 1))
  if (column === 0) return undefined
  const record: DataRecord = {}
  markTooDeep(record, MAX_DEPTH, `line ${lineNo}, column ${column}`)
  return record
}
