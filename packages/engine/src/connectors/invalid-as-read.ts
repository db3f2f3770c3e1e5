import type { ValidationError } from '@runink/contracts'
import type { DataRecord } from './record-batch.js'
import { INVALID_UTF8, type Utf8Text } from './utf8-text.js'

const ERRORS = Symbol('runink.invalidAsRead')
const FLAGGED = Symbol('runink.batchHasInvalidAsRead')

/**
 * A record that is invalid as read (bad bytes in the file), whatever a contract says: readers
 * mark it and flag its batch; the runtime sends it to the invalid records with these errors.
 * The marks are non-enumerable symbols: a reader's consumer that does not look for them sees
 * the record as decoded (U+FFFD in place of the bad bytes), never loses it.
 */
export function invalidAsRead(record: DataRecord): readonly ValidationError[] | undefined {
  return (record as { [ERRORS]?: readonly ValidationError[] })[ERRORS]
}

/** True when some record of `batch` is {@link invalidAsRead} (one check per batch). */
export function hasInvalidAsRead(batch: readonly DataRecord[]): boolean {
  return (batch as { [FLAGGED]?: boolean })[FLAGGED] === true
}

function mark(record: DataRecord, errors: readonly ValidationError[]): void {
  Object.defineProperty(record, ERRORS, { value: errors, enumerable: false })
}

/** Flags a batch holding a marked record. */
export function flagBatch(batch: DataRecord[]): DataRecord[] {
  Object.defineProperty(batch, FLAGGED, { value: true, enumerable: false })
  return batch
}

/** The error of one invalid run of bytes in a field (`''`: the record itself). */
export function invalidUtf8Error(path: string, offset: number, where: string): ValidationError {
  const prefix = path === '' ? '' : `${path}: `
  return {
    path,
    rule: 'encoding',
    expected: 'UTF-8',
    actual: null,
    message: `${prefix}invalid UTF-8 at byte offset ${offset} (${where})`,
  }
}

/** Marks a record invalid as read because it nests too deep (`index`: where, in its text). */
export function markTooDeep(record: DataRecord, limit: number, where: string): void {
  mark(record, [
    {
      path: '',
      rule: 'depth',
      expected: limit,
      actual: null,
      message: `the record nests deeper than ${limit} levels (${where})`,
    },
  ])
}

/** Counts the invalid-run markers in a decoded string. */
function markers(text: string): number {
  let n = 0
  for (let i = text.indexOf(INVALID_UTF8); i >= 0; i = text.indexOf(INVALID_UTF8, i + 1)) n++
  return n
}

/** The decoded text with U+FFFD where the bytes were invalid: what a dead letter shows. */
export const withReplacement = (text: string): string => text.replaceAll(INVALID_UTF8, '\uFFFD')

/**
 * Marks `record` invalid as read: one error per invalid run in `parts` (a field's path and its
 * decoded text, in file order), then one without a path for each further run in `whole` (the
 * record's whole text: runs in keys or structure). Every run of `whole` is claimed from `utf8`
 * exactly once, so the offsets of later records stay in step.
 */
export function markInvalid(
  record: DataRecord,
  parts: ReadonlyArray<readonly [string, string]>,
  whole: string,
  utf8: Utf8Text,
  where: string,
): void {
  const errors: ValidationError[] = []
  let claimed = 0
  for (const [path, text] of parts) {
    const n = markers(text)
    for (let k = 0; k < n; k++) errors.push(invalidUtf8Error(path, utf8.nextOffset(), where))
    claimed += n
  }
  for (let k = markers(whole) - claimed; k > 0; k--)
    errors.push(invalidUtf8Error('', utf8.nextOffset(), where))
  mark(record, errors)
}

/** Sets a record's field to a value (defined, so a `__proto__` field stays an own property). */
export function setField(record: DataRecord, name: string, value: unknown): void {
  Object.defineProperty(record, name, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  })
}

/** True when decoded text holds invalid bytes. */
export const hasInvalidUtf8 = (text: string): boolean => text.includes(INVALID_UTF8)

/**
 * The strings inside a parsed JSON value, keys and values concatenated: where its invalid runs
 * are, in order. Callers pass values no deeper than MAX_RECORD_DEPTH.
 */
export function stringsOf(value: unknown): string {
  if (typeof value === 'string') return value
  if (value === null || typeof value !== 'object') return ''
  let out = ''
  for (const [key, v] of Object.entries(value)) out += key + stringsOf(v)
  return out
}

/** A parsed JSON value with U+FFFD in place of each invalid run, in keys and strings. */
export function replaced(value: unknown): unknown {
  if (typeof value === 'string') return withReplacement(value)
  if (Array.isArray(value)) return value.map(replaced)
  if (value === null || typeof value !== 'object') return value
  const out: DataRecord = {}
  for (const [key, v] of Object.entries(value)) setField(out, withReplacement(key), replaced(v))
  return out
}
