/**
 * Date and timestamp parsing by fixed rules, without allocations and without `Date.parse` (whose
 * accepted forms vary between engines).
 */

const MS_PER_DAY = 86_400_000

/** The two-digit number at `i`, or -1; callers check `s` is long enough. */
function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48
  const b = s.charCodeAt(i + 1) - 48
  return a >>> 0 > 9 || b >>> 0 > 9 ? -1 : a * 10 + b
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
  const hi = two(s, 0)
  const lo = two(s, 2)
  const y = hi * 100 + lo
  const m = two(s, 5)
  const d = two(s, 8)
  if (hi < 0 || lo < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN
  return daysFromCivil(y, m, d)
}

/** True for a `YYYY-MM-DD` string that is a real calendar date. */
export function isDateString(s: string): boolean {
  if (s.length !== 10) return false
  const days = datePart(s)
  return days === days
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
  const h = two(s, 11)
  const mi = two(s, 14)
  const sec = two(s, 17)
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return NaN
  let i = 19
  let ms = 0
  if (s.charCodeAt(i) === 46) {
    const start = ++i
    let scale = 100
    for (let c = s.charCodeAt(i) - 48; i < n && c >>> 0 <= 9; c = s.charCodeAt(++i) - 48) {
      ms += c * scale
      scale /= 10
    }
    ms = Math.floor(ms)
    if (i === start) return NaN
  }
  let offsetMin = 0
  const c = s.charCodeAt(i)
  if (i === n) {
    if (requireOffset) return NaN
  } else if (c === 90 || c === 122) {
    if (i + 1 !== n) return NaN
  } else if ((c === 43 || c === 45) && i + 6 === n && s.charCodeAt(i + 3) === 58) {
    const oh = two(s, i + 1)
    const om = two(s, i + 4)
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return NaN
    offsetMin = (c === 45 ? -1 : 1) * (oh * 60 + om)
  } else {
    return NaN
  }
  return days * MS_PER_DAY + ((h * 60 + mi - offsetMin) * 60 + sec) * 1000 + ms
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0')
}

/**
 * The `Date#toISOString()` form of epoch milliseconds, formatted directly for years 0–9999 (no
 * Date object on the hot path of coerce mode) and by `Date` otherwise.
 */
export function isoOfMs(ms: number): string {
  const days = Math.floor(ms / MS_PER_DAY)
  // H. Hinnant's civil_from_days.
  const z = days + 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  )
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0)
  if (y < 0 || y > 9999) return new Date(ms).toISOString()
  let rest = ms - days * MS_PER_DAY
  const milli = rest % 1000
  rest = (rest - milli) / 1000
  const sec = rest % 60
  rest = (rest - sec) / 60
  const min = rest % 60
  const hour = (rest - min) / 60
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}T${pad(hour, 2)}:${pad(min, 2)}:${pad(sec, 2)}.${pad(milli, 3)}Z`
}

/**
 * The `toISOString()` form of timestamp text `s` that {@link timestampMs} read as `ms`. Text
 * already in that form (or in it but for the milliseconds) is kept, not formatted anew.
 */
export function isoOfText(s: string, ms: number): string {
  if (s.charCodeAt(10) === 84) {
    if (s.length === 24 && s.charCodeAt(19) === 46 && s.charCodeAt(23) === 90) return s
    if (s.length === 20 && s.charCodeAt(19) === 90) return `${s.slice(0, 19)}.000Z`
  }
  return isoOfMs(ms)
}
