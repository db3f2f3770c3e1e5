import type { DataRecord } from './record-batch.js'

// BigInt has no JSON form; write it as a number when exact, else as a string.
const bigintReplacer = (_key: string, value: unknown): unknown =>
  typeof value === 'bigint'
    ? value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString()
    : value

/** JSON text of one record; the replacer runs only for the rare record holding a BigInt. */
export function recordJson(record: DataRecord): string {
  try {
    return JSON.stringify(record)
  } catch (error) {
    if (error instanceof TypeError) return JSON.stringify(record, bigintReplacer)
    throw error
  }
}

/** JSON text of a cell value for text formats (objects, arrays, BigInts). */
export function valueJson(value: unknown): string {
  return JSON.stringify(value, bigintReplacer)
}
