/**
 * Conversions of coerce mode: strings (typically CSV cells) to typed values by fixed,
 * locale-free rules. Each returns `undefined` when the text is not of the type.
 */
import { isoOfText, timestampMs } from './temporal.js'

const INT = /^[+-]?\d+$/
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const DECIMAL = /^[+-]?\d+(?:\.\d+)?$/

/** Digits a double holds exactly in decimal (DBL_DIG): more would be lost silently. */
const MAX_DECIMAL_DIGITS = 15

/** Returned by {@link coerceJson} for text that is not JSON (`undefined` is not JSON either). */
export const NOT_JSON: unique symbol = Symbol('not json')

/** `^[+-]?\d+$` within the safe-integer range. */
export function coerceInt(s: string): number | undefined {
  if (!INT.test(s)) return undefined
  const n = Number(s)
  return Number.isSafeInteger(n) ? n + 0 : undefined
}

/** Decimal or exponent notation; no hex, Infinity, NaN or thousands separators. */
export function coerceFloat(s: string): number | undefined {
  if (!FLOAT.test(s)) return undefined
  const n = Number(s)
  return Number.isFinite(n) ? n + 0 : undefined
}

/** Significant digits of a DECIMAL text: leading zeros and trailing fraction zeros do not count. */
function significantDigits(s: string): number {
  let start = s.charCodeAt(0) === 43 || s.charCodeAt(0) === 45 ? 1 : 0
  let end = s.length
  if (s.includes('.')) while (s.charCodeAt(end - 1) === 48) end--
  while (start < end && (s.charCodeAt(start) === 48 || s.charCodeAt(start) === 46)) start++
  let count = 0
  for (let i = start; i < end; i++) if (s.charCodeAt(i) !== 46) count++
  return count
}

/** `^[+-]?\d+(\.\d+)?$` with at most 15 significant digits, so the number is exact. */
export function coerceDecimal(s: string): number | undefined {
  if (!DECIMAL.test(s) || significantDigits(s) > MAX_DECIMAL_DIGITS) return undefined
  return Number(s) + 0
}

/** `true`/`false` in any case, `1`/`0`. */
export function coerceBool(s: string): boolean | undefined {
  if (s === '1') return true
  if (s === '0') return false
  if (s.length === 4 && s.toLowerCase() === 'true') return true
  if (s.length === 5 && s.toLowerCase() === 'false') return false
  return undefined
}

/** An RFC 3339 timestamp (no offset means UTC) in `Date#toISOString()` form. */
export function coerceTimestamp(s: string): string | undefined {
  const ms = timestampMs(s, false)
  return ms === ms ? isoOfText(s, ms) : undefined
}

/** The value of a JSON text, or {@link NOT_JSON}. */
export function coerceJson(s: string): unknown {
  try {
    return JSON.parse(s)
  } catch {
    return NOT_JSON
  }
}
