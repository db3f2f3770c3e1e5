import type { FieldSpec, Scalar } from '@runink/contracts'
import type { Rng } from './rng.js'

const DAY_MS = 86_400_000
const TEXT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?)?([Zz]|[+-]\d{2}:\d{2})?$/
/** 0000-01-01 and 9999-12-31T23:59:59.999Z: the years `toISOString` writes with four digits. */
const FIRST_MS = -62_167_219_200_000
const LAST_MS = 253_402_300_799_999
/** How far an open range reaches past its one bound. */
const SPAN_MS = 5 * 365 * DAY_MS

/** Epoch milliseconds of an RFC 3339 timestamp or a `YYYY-MM-DD` date (UTC), or NaN. */
export function epochMs(text: string): number {
  const m = TEXT.exec(text)
  if (m === null) return NaN
  const [, y, mo, d, h, mi, s, frac, offset] = m
  const date = new Date(0)
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d))
  date.setUTCHours(
    Number(h ?? 0),
    Number(mi ?? 0),
    Number(s ?? 0),
    Number((frac ?? '0').padEnd(3, '0').slice(0, 3)),
  )
  let shift = 0
  if (offset !== undefined && offset.length === 6) {
    const sign = offset.startsWith('-') ? -1 : 1
    shift = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000
  }
  return date.getTime() - shift
}

/** Default ranges by field name: birth dates lie in the past century, other dates are recent. */
function defaultRange(name: string): readonly [number, number] {
  if (/birth|dob|born/i.test(name)) return [epochMs('1940-01-01'), epochMs('2006-12-31')]
  return [epochMs('2020-01-01'), epochMs('2025-12-31T23:59:59Z')]
}

function boundMs(bound: Scalar | undefined, type: 'date' | 'timestamp'): number | undefined {
  if (bound === undefined) return undefined
  const text = type === 'date' ? String(bound).slice(0, 10) : String(bound)
  const ms = epochMs(text)
  return Number.isNaN(ms) ? undefined : ms
}

/** The instants a date or timestamp field may take: its bounds, else a plausible range. */
export function temporalRange(spec: FieldSpec, name: string): readonly [number, number] {
  const type = spec.type === 'date' ? 'date' : 'timestamp'
  const min = boundMs(spec.min, type)
  const max = boundMs(spec.max, type)
  const [dlo, dhi] = defaultRange(name)
  let lo = dlo
  let hi = dhi
  if (min !== undefined && max !== undefined) [lo, hi] = [min, max]
  else if (min !== undefined && min > dlo) [lo, hi] = [min, min + SPAN_MS]
  else if (max !== undefined && max < dhi) [lo, hi] = [max - SPAN_MS, max]
  lo = Math.max(lo, FIRST_MS)
  hi = Math.min(hi, LAST_MS)
  return [lo, hi]
}

/** A `YYYY-MM-DD` date within the field's range. */
export function dateValue(spec: FieldSpec, name: string, rng: Rng): string {
  const [lo, hi] = temporalRange(spec, name)
  const day = rng.int(Math.ceil(lo / DAY_MS), Math.floor(hi / DAY_MS))
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

/** An RFC 3339 UTC timestamp (whole seconds when the range allows) within the field's range. */
export function timestampValue(spec: FieldSpec, name: string, rng: Rng): string {
  const [lo, hi] = temporalRange(spec, name)
  const slo = Math.ceil(lo / 1000)
  const shi = Math.floor(hi / 1000)
  const ms = slo <= shi ? rng.int(slo, shi) * 1000 : rng.int(lo, hi)
  return new Date(ms).toISOString().replace('.000Z', 'Z')
}
