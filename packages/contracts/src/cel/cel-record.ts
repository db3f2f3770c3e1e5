import type { Contract, FieldSpec } from '@runink/contracts'

/**
 * CEL distinguishes int (BigInt in the CEL library) from double (JS number). Records carry JS
 * numbers, so int fields are handed to CEL as BigInt, and results come back as numbers. Every
 * field of the contract is there: an absent one reads as null, so `record.qty != null` is true
 * or false, never a "no such key" failure (and `has()` tests present and not null).
 */
export function celRecord(
  record: Record<string, unknown>,
  contract: Contract | undefined,
): Record<string, unknown> {
  if (contract === undefined) return record
  return convertObject(record, contract.fields)
}

function convertObject(
  value: Record<string, unknown>,
  fields: Readonly<Record<string, FieldSpec>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...value }
  for (const [name, spec] of Object.entries(fields))
    out[name] = Object.hasOwn(value, name) ? convertValue(value[name], spec) : null
  return out
}

function convertValue(value: unknown, spec: FieldSpec): unknown {
  if (spec.type === 'int' && typeof value === 'number' && Number.isInteger(value))
    return BigInt(value)
  if (spec.type === 'object' && spec.fields && isPlainObject(value))
    return convertObject(value, spec.fields)
  if (spec.type === 'array' && spec.items && Array.isArray(value)) {
    const items = spec.items
    return value.map((v) => convertValue(v, items))
  }
  return value
}

/** A CEL result as a plain JS value: BigInt → number (string when unsafe), recursively. */
export function fromCel(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString()
  }
  if (Array.isArray(value)) return value.map(fromCel)
  if (value instanceof Map)
    return Object.fromEntries([...value].map(([k, v]) => [String(k), fromCel(v)]))
  if (isPlainObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromCel(v)]))
  return value
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
  )
}
