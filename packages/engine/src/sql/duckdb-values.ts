import {
  DuckDBTypeId,
  arrayFromArrayValue,
  arrayFromListValue,
  booleanFromValue,
  createDuckDBValueConverter,
  doubleFromDecimalValue,
  fromVariantValue,
  numberFromValue,
  objectFromStructValue,
  stringFromValue,
  type DuckDBBlobValue,
  type DuckDBMapType,
  type DuckDBMapValue,
  type DuckDBType,
  type DuckDBUnionType,
  type DuckDBUnionValue,
  type DuckDBValue,
  type DuckDBValueConverter,
} from '@duckdb/node-api'

const MAX_DATE_MICROS = 8_640_000_000_000_000_000n

/** BigInt as a number when exact, else its decimal string (JSON has no 64-bit integers). */
function integer(value: DuckDBValue): number | string {
  const big = value as bigint
  const n = Number(big)
  return Number.isSafeInteger(n) ? n : big.toString()
}

/** ISO-8601 UTC text of microseconds since the epoch, keeping sub-millisecond digits. */
export function isoFromMicros(micros: bigint): string | undefined {
  if (micros > MAX_DATE_MICROS || micros < -MAX_DATE_MICROS) return undefined
  const millis = micros / 1000n - (micros % 1000n < 0n ? 1n : 0n)
  const iso = new Date(Number(millis)).toISOString()
  const rest = Number(micros - millis * 1000n)
  return rest === 0 ? iso : `${iso.slice(0, -1)}${String(rest).padStart(3, '0')}Z`
}

/** Timestamps of every precision as ISO text; infinities keep DuckDB's text. */
function timestamp(value: DuckDBValue): string {
  const v = value as { micros?: bigint; millis?: bigint; seconds?: bigint; nanos?: bigint }
  const micros =
    v.micros ??
    (v.millis !== undefined
      ? v.millis * 1000n
      : v.seconds !== undefined
        ? v.seconds * 1_000_000n
        : (v.nanos ?? 0n) / 1000n)
  return isoFromMicros(micros) ?? stringFromValue(value)
}

/** Maps become objects keyed by the keys' text, like JSON objects. */
function mapObject(
  value: DuckDBValue,
  type: DuckDBType,
  convert: DuckDBValueConverter<unknown>,
): Record<string, unknown> {
  const { keyType, valueType } = type as DuckDBMapType
  const out: Record<string, unknown> = {}
  for (const entry of (value as DuckDBMapValue).entries)
    out[String(convert(entry.key, keyType, convert))] = convert(entry.value, valueType, convert)
  return out
}

/** A union yields its member's value (the tag is a type detail). */
function unionValue(
  value: DuckDBValue,
  type: DuckDBType,
  convert: DuckDBValueConverter<unknown>,
): unknown {
  const union = value as DuckDBUnionValue
  return convert(union.value, (type as DuckDBUnionType).memberTypeForTag(union.tag), convert)
}

/**
 * Converts DuckDB result values into plain record values: integers as numbers (or strings when
 * too big), decimals as numbers, dates as `YYYY-MM-DD`, timestamps as ISO text, JSON columns
 * parsed, lists and structs as arrays and objects, blobs as base64.
 */
export const plainDuckDBValue: DuckDBValueConverter<unknown> = createDuckDBValueConverter<unknown>({
  [DuckDBTypeId.BOOLEAN]: booleanFromValue,
  [DuckDBTypeId.TINYINT]: numberFromValue,
  [DuckDBTypeId.SMALLINT]: numberFromValue,
  [DuckDBTypeId.INTEGER]: numberFromValue,
  [DuckDBTypeId.UTINYINT]: numberFromValue,
  [DuckDBTypeId.USMALLINT]: numberFromValue,
  [DuckDBTypeId.UINTEGER]: numberFromValue,
  [DuckDBTypeId.FLOAT]: numberFromValue,
  [DuckDBTypeId.DOUBLE]: numberFromValue,
  [DuckDBTypeId.BIGINT]: integer,
  [DuckDBTypeId.UBIGINT]: integer,
  [DuckDBTypeId.HUGEINT]: integer,
  [DuckDBTypeId.UHUGEINT]: integer,
  [DuckDBTypeId.BIGNUM]: integer,
  [DuckDBTypeId.DECIMAL]: doubleFromDecimalValue,
  [DuckDBTypeId.VARCHAR]: (value, type) =>
    type.alias === 'JSON' ? JSON.parse(stringFromValue(value)) : stringFromValue(value),
  [DuckDBTypeId.ENUM]: stringFromValue,
  [DuckDBTypeId.UUID]: stringFromValue,
  [DuckDBTypeId.DATE]: stringFromValue,
  [DuckDBTypeId.TIME]: stringFromValue,
  [DuckDBTypeId.TIME_NS]: stringFromValue,
  [DuckDBTypeId.TIME_TZ]: stringFromValue,
  [DuckDBTypeId.INTERVAL]: stringFromValue,
  [DuckDBTypeId.BIT]: stringFromValue,
  [DuckDBTypeId.TIMESTAMP]: timestamp,
  [DuckDBTypeId.TIMESTAMP_TZ]: timestamp,
  [DuckDBTypeId.TIMESTAMP_S]: timestamp,
  [DuckDBTypeId.TIMESTAMP_MS]: timestamp,
  [DuckDBTypeId.TIMESTAMP_NS]: timestamp,
  [DuckDBTypeId.BLOB]: (value) => Buffer.from((value as DuckDBBlobValue).bytes).toString('base64'),
  [DuckDBTypeId.GEOMETRY]: stringFromValue,
  [DuckDBTypeId.LIST]: arrayFromListValue,
  [DuckDBTypeId.ARRAY]: arrayFromArrayValue,
  [DuckDBTypeId.STRUCT]: objectFromStructValue,
  [DuckDBTypeId.MAP]: mapObject,
  [DuckDBTypeId.UNION]: unionValue,
  [DuckDBTypeId.VARIANT]: fromVariantValue,
  [DuckDBTypeId.SQLNULL]: () => null,
  // Never the type of a result column.
  [DuckDBTypeId.INVALID]: undefined,
  [DuckDBTypeId.ANY]: undefined,
  [DuckDBTypeId.STRING_LITERAL]: undefined,
  [DuckDBTypeId.INTEGER_LITERAL]: undefined,
})
