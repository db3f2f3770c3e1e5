/**
 * Date and timestamp parsing by fixed rules, without allocations and without `Date.parse` (whose
 * accepted forms vary between engines).
 */

const MS_PER_DAY = 86_400_000

/** The number of `n` decimal digits at `from`, or -1 when any is not a digit. */
function digits(s: string, from: number, n: number): number {
  let out = 0
  for (let i = from; i < from + n; i++) {
    const c = s.charCodeAt(i) - 48
    if (c < 0 || c > 9) return -1
    out = out * 10 + c
  }
  return out
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146_097 + doe - 719_468
}

/** Days since the epoch of the `YYYY-MM-DD` at the start of `s`, or NaN when it is no real date. */
function datePart(s: string): number {
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN
  const y = digits(s, 0, 4)
  const m = digits(s, 5, 2)
  const d = digits(s, 8, 2)
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN
  return daysFromCivil(y, m, d)
}

/** True for a `YYYY-MM-DD` string that is a real calendar date. */
export function isDateString(s: string): boolean {
  return s.length === 10 && datePart(s) === datePart(s)
}

/**
 * Epoch milliseconds of an RFC 3339 timestamp (`T`, `t` or space between date and time, optional
 * fraction cut to milliseconds, `Z` or `±hh:mm`), or NaN. Without `requireOffset` a missing
 * offset means UTC. Leap seconds (`:60`) are not accepted: JavaScript dates cannot hold them.
 */
export function timestampMs(s: string, requireOffset: boolean): number {
  const n = s.length
  if (n < 19) return NaN
  const days = datePart(s)
  const sep = s.charCodeAt(10)
  if (days !== days || (sep !== 84 && sep !== 116 && sep !== 32)) return NaN
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return NaN
  const h = digits(s, 11, 2)
  const mi = digits(s, 14, 2)
  const sec = digits(s, 17, 2)
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return NaN
  let i = 19
  let ms = 0
  if (s.charCodeAt(i) === 46) {
    const start = ++i
    while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) {
      if (i - start < 3) ms += (s.charCodeAt(i) - 48) * 10 ** (2 - (i - start))
      i++
    }
    if (i === start) return NaN
  }
  let offsetMin = 0
  const c = s.charCodeAt(i)
  if (i === n) {
    if (requireOffset) return NaN
  } else if (c === 90 || c === 122) {
    if (i + 1 !== n) return NaN
  } else if ((c === 43 || c === 45) && i + 6 === n && s.charCodeAt(i + 3) === 58) {
    const oh = digits(s, i + 1, 2)
    const om = digits(s, i + 4, 2)
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return NaN
    offsetMin = (c === 45 ? -1 : 1) * (oh * 60 + om)
  } else {
    return NaN
  }
  return days * MS_PER_DAY + ((h * 60 + mi - offsetMin) * 60 + sec) * 1000 + ms
}

/** The `Date#toISOString()` form of epoch milliseconds. */
export function isoOfMs(ms: number): string {
  return new Date(ms).toISOString()
}
