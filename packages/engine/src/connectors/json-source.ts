import { readFile } from 'node:fs/promises'
import {
  flagBatch,
  hasInvalidUtf8,
  markInvalid,
  markTooDeep,
  replaced,
  setField,
  stringsOf,
  withReplacement,
} from './invalid-as-read.js'
import type { RecordBatches, DataRecord } from './record-batch.js'
import { findTooDeep, MAX_RECORD_DEPTH } from './record-depth.js'
import { SourceError, fileError } from './source-error.js'
import { Utf8Text } from './utf8-text.js'

const BATCH = 1024

/**
 * Reads a JSON file holding an array of record objects (whole-file: JSON has no streaming form).
 * An element with invalid UTF-8 or nested deeper than {@link MAX_RECORD_DEPTH} levels is a
 * record invalid as read (see invalidAsRead), with its index, field and byte offset.
 */
export async function* readJson(file: string): RecordBatches {
  let bytes: Buffer
  try {
    bytes = await readFile(file)
  } catch (error) {
    fileError(error, file)
  }
  if (bytes.length === 0)
    throw new SourceError(
      'RUNINK_SOURCE_EMPTY',
      `${file}: empty file, not a JSON array (write [] for no records)`,
      {
        file,
      },
    )
  const utf8 = new Utf8Text()
  const text = utf8.write(bytes) + utf8.end()
  const deep = new Map<number, number>()
  const commas: number[] = []
  findTooDeep(text, MAX_RECORD_DEPTH, true, (element, i) => deep.set(element, i), commas)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new SourceError(
      'RUNINK_SOURCE_MALFORMED',
      `${file}: not valid JSON (${withReplacement((error as Error).message)})`,
      { file },
    )
  }
  if (!Array.isArray(value)) {
    throw new SourceError('RUNINK_SOURCE_MALFORMED', `${file}: expected a JSON array of records`, {
      file,
    })
  }
  const bad = utf8.hasInvalid || deep.size > 0
  for (let i = 0; i < value.length; i += BATCH) {
    const batch = value.slice(i, i + BATCH) as unknown[]
    let flagged = false
    batch.forEach((r, j) => {
      const index = i + j
      if (bad) {
        const at = deep.get(index)
        const raw = elementText(text, commas, index)
        const marked = at !== undefined || hasInvalidUtf8(raw)
        if (marked) {
          batch[j] = invalidElement(r, raw, at, index, utf8)
          flagged = true
          return
        }
      }
      if (r === null || typeof r !== 'object' || Array.isArray(r)) {
        throw new SourceError(
          'RUNINK_SOURCE_MALFORMED',
          `${file}: element ${index} is not a record object`,
          {
            file,
            index,
          },
        )
      }
    })
    yield flagged ? flagBatch(batch as DataRecord[]) : (batch as DataRecord[])
  }
}

/** The raw text of element `index` of the top-level array, from the commas between elements. */
function elementText(text: string, commas: readonly number[], index: number): string {
  const start = index === 0 ? text.indexOf('[') + 1 : (commas[index - 1] as number) + 1
  const end = index < commas.length ? (commas[index] as number) : text.lastIndexOf(']')
  return text.slice(start, end)
}

/** The record of an element invalid as read: its fields with U+FFFD, or empty when too deep. */
function invalidElement(
  value: unknown,
  raw: string,
  deepAt: number | undefined,
  index: number,
  utf8: Utf8Text,
): DataRecord {
  const where = `element ${index}`
  const record: DataRecord = {}
  const object = value !== null && typeof value === 'object' && !Array.isArray(value)
  if (deepAt !== undefined || !object) {
    if (hasInvalidUtf8(raw)) markInvalid(record, [], raw, utf8, where)
    else markTooDeep(record, MAX_RECORD_DEPTH, `${where}, character ${(deepAt ?? 0) + 1}`)
    return record
  }
  const source = value as Record<string, unknown>
  const parts = Object.keys(source).map((key) => [key, stringsOf(source[key])] as const)
  for (const [key] of parts) setField(record, withReplacement(key), replaced(source[key]))
  markInvalid(record, parts, raw, utf8, where)
  return record
}
