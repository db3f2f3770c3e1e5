import { isPlainObject } from '../safe-object.js'

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
