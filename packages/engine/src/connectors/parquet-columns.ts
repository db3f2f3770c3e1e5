import type { DataRecord } from './record-batch.js'
import type { ColumnType } from './record-sink.js'

/** A Parquet column's type and the converter of record values into it. */
export interface ParquetColumn {
  readonly name: string
  readonly type: ColumnType
}

/** hyparquet-writer's basic type for each column type. */
export const BASIC_TYPES = {
  string: 'STRING',
  int: 'INT64',
  float: 'DOUBLE',
  bool: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
  json: 'JSON',
} as const satisfies Record<ColumnType, string>

function kindOf(value: unknown): ColumnType | undefined {
  if (value === null || value === undefined) return undefined
  switch (typeof value) {
    case 'string':
      return 'string'
    case 'boolean':
      return 'bool'
    // Every JS number is written as DOUBLE: it holds all of them exactly (safe integers
    // included), so a column whose first rows happen to be whole never fails on a later 1.5.
    case 'number':
      return 'float'
    case 'bigint':
      return 'int'
    default:
      return value instanceof Date ? 'timestamp' : 'json'
  }
}

/** Infers a column's type from sample values: one kind throughout, else JSON. */
export function inferColumnType(records: readonly DataRecord[], name: string): ColumnType {
  let found: ColumnType | undefined
  for (const record of records) {
    const kind = kindOf(record[name])
    if (kind === undefined || kind === found) continue
    if (found === undefined) found = kind
    else if ((found === 'int' && kind === 'float') || (found === 'float' && kind === 'int'))
      found = 'float'
    else return 'json'
  }
  return found ?? 'string'
}

const INTEGER = /^[+-]?\d+$/

/**
 * Converts a record value into what hyparquet-writer expects for the column type, or returns
 * `undefined` when it cannot be represented without loss (the caller reports it).
 */
export function toParquetValue(type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined) return null
  switch (type) {
    case 'json':
      return typeof value === 'bigint' ? safeNumberOrString(value) : value
    case 'string':
      if (typeof value === 'string') return value
      if (value instanceof Date) return value.toISOString()
      return typeof value === 'object' ? JSON.stringify(value) : String(value)
    case 'int':
      if (typeof value === 'bigint') return value
      if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value)
      if (typeof value === 'string' && INTEGER.test(value.trim())) return BigInt(value.trim())
      return undefined
    case 'float':
      if (typeof value === 'number') return value
      if (typeof value === 'bigint') return Number(value)
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
        return Number(value)
      return undefined
    case 'bool':
      if (typeof value === 'boolean') return value
      if (value === 'true' || value === 'false') return value === 'true'
      return undefined
    case 'timestamp': {
      const date =
        value instanceof Date
          ? value
          : typeof value === 'string' || typeof value === 'number'
            ? new Date(value)
            : undefined
      return date && !Number.isNaN(date.getTime()) ? date : undefined
    }
  }
}

function safeNumberOrString(value: bigint): number | string {
  const n = Number(value)
  return Number.isSafeInteger(n) ? n : value.toString()
}
