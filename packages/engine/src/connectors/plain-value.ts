/**
 * Turns values decoded from typed formats (Parquet, DuckDB) into plain record values: BigInt
 * becomes a number when exact, else a decimal string; dates become ISO strings; bytes become
 * base64; arrays and objects are converted throughout.
 */
export function plainValue(value: unknown): unknown {
  switch (typeof value) {
    case 'bigint': {
      const n = Number(value)
      return Number.isSafeInteger(n) ? n : value.toString()
    }
    case 'object': {
      if (value === null) return null
      if (value instanceof Date) return isoOrNull(value)
      if (value instanceof Uint8Array) return Buffer.from(value).toString('base64')
      if (Array.isArray(value) || ArrayBuffer.isView(value))
        return Array.from(value as ArrayLike<unknown>, plainValue)
      const out: Record<string, unknown> = {}
      for (const key in value) out[key] = plainValue((value as Record<string, unknown>)[key])
      return out
    }
    case 'undefined':
      return null
    default:
      return value
  }
}

/** ISO form of a date, or null for an invalid one (out-of-range timestamps). */
export function isoOrNull(date: Date): string | null {
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}
