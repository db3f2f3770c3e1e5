/**
 * `input_format` of `date` and `timestamp` fields: how text (a CSV cell) writes them, in a
 * closed subset of the Unicode LDML date field symbols (the letters Java's DateTimeFormatter and
 * date-fns use). Letters: `yyyy` year, `MM`/`M` month, `MMM` English month abbreviation, `dd`/`d`
 * day, `HH`/`H` hour (00–23), `mm` minute, `ss` second, `S`…`S` fraction (that many digits),
 * `XXX` offset `Z`/`±hh:mm`, `XX` offset `Z`/`±hhmm`. Text in single quotes is literal (`''` is
 * a quote); any other character that is not a letter is literal. No locale, no guessing: a
 * pattern reads exactly what it says, and a zoneless time is UTC, as elsewhere in contracts.
 */

import { isDateString, timestampMs } from './temporal.js'

type Part =
  'year' | 'month' | 'monthName' | 'day' | 'hour' | 'minute' | 'second' | 'fraction' | 'offset'

interface TokenRule {
  readonly part: Part
  readonly regex: string
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

/** Every letter run a pattern may use, and what it reads. */
const TOKENS: Readonly<Record<string, TokenRule>> = {
  yyyy: { part: 'year', regex: '(\\d{4})' },
  MM: { part: 'month', regex: '(\\d{2})' },
  M: { part: 'month', regex: '(\\d{1,2})' },
  MMM: { part: 'monthName', regex: `(${MONTHS.join('|')})` },
  dd: { part: 'day', regex: '(\\d{2})' },
  d: { part: 'day', regex: '(\\d{1,2})' },
  HH: { part: 'hour', regex: '(\\d{2})' },
  H: { part: 'hour', regex: '(\\d{1,2})' },
  mm: { part: 'minute', regex: '(\\d{2})' },
  ss: { part: 'second', regex: '(\\d{2})' },
  XXX: { part: 'offset', regex: '(Z|[+-]\\d{2}:\\d{2})' },
  XX: { part: 'offset', regex: '(Z|[+-]\\d{4})' },
}

/** The letter runs a pattern may use, for messages. */
export const INPUT_FORMAT_TOKENS: readonly string[] = [...Object.keys(TOKENS), 'S…S (1-9)']

const TIME_PARTS: ReadonlySet<Part> = new Set(['hour', 'minute', 'second', 'fraction', 'offset'])

/**
 * A compiled `input_format`: `parse` gives the ISO text of a value, or undefined; `format`
 * writes an ISO value (a date, or a timestamp in UTC) in the pattern, or gives undefined.
 */
export interface InputFormat {
  readonly parse: (text: string) => string | undefined
  readonly format: (iso: string) => string | undefined
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
}

/** The rule of a run of one letter, or a message saying why it is not one. */
function ruleOf(run: string): TokenRule | string {
  if (/^S{1,9}$/.test(run)) return { part: 'fraction', regex: `(\\d{${run.length}})` }
  return (
    TOKENS[run] ??
    `"${run}" is not a pattern letter here (use ${INPUT_FORMAT_TOKENS.join(', ')}; quote literal text: 'T')`
  )
}

/** A piece of a pattern: literal text, or a run of one letter and the part it reads. */
type Piece = { readonly text: string } | { readonly token: string; readonly part: Part }

/** Splits a pattern into regex text and the parts its groups read, or a problem message. */
function tokenize(pattern: string): { regex: string; parts: Part[]; pieces: Piece[] } | string {
  let regex = ''
  const parts: Part[] = []
  const pieces: Piece[] = []
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i]!
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1)
      if (end < 0) return 'a quoted literal is never closed'
      const text = end === i + 1 ? "'" : pattern.slice(i + 1, end)
      regex += escapeRegex(text)
      pieces.push({ text })
      i = end + 1
    } else if (/[A-Za-z]/.test(c)) {
      let j = i
      while (pattern[j] === c) j++
      const rule = ruleOf(pattern.slice(i, j))
      if (typeof rule === 'string') return rule
      if (
        parts.includes(rule.part) ||
        (rule.part.startsWith('month') && parts.some((p) => p.startsWith('month')))
      )
        return `"${pattern.slice(i, j)}" repeats a part already in the pattern`
      parts.push(rule.part)
      pieces.push({ token: pattern.slice(i, j), part: rule.part })
      regex += rule.regex
      i = j
    } else {
      regex += escapeRegex(c)
      pieces.push({ text: c })
      i++
    }
  }
  return { regex, parts, pieces }
}

/** The text of one letter run for the UTC time `d`. */
function formatToken(token: string, part: Part, d: Date): string {
  switch (part) {
    case 'year':
      return pad(d.getUTCFullYear(), 4)
    case 'month':
      return token === 'MM' ? pad(d.getUTCMonth() + 1) : String(d.getUTCMonth() + 1)
    case 'monthName': {
      const name = MONTHS[d.getUTCMonth()]!
      return name[0]!.toUpperCase() + name.slice(1)
    }
    case 'day':
      return token === 'dd' ? pad(d.getUTCDate()) : String(d.getUTCDate())
    case 'hour':
      return token === 'HH' ? pad(d.getUTCHours()) : String(d.getUTCHours())
    case 'minute':
      return pad(d.getUTCMinutes())
    case 'second':
      return pad(d.getUTCSeconds())
    case 'fraction':
      return pad(d.getUTCMilliseconds(), 3).padEnd(token.length, '0').slice(0, token.length)
    case 'offset':
      return 'Z'
  }
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/**
 * Compiles `pattern` for a field of `type`: an {@link InputFormat}, or a message saying what is
 * wrong with it (an unknown letter, a missing year, month or day, a time in a date, a minute
 * without an hour…).
 */
export function compileInputFormat(
  pattern: string,
  type: 'date' | 'timestamp',
): InputFormat | string {
  const tokens = tokenize(pattern)
  if (typeof tokens === 'string') return tokens
  const { parts } = tokens
  const has = (p: Part): boolean => parts.includes(p)
  if (!has('year') || !(has('month') || has('monthName')) || !has('day'))
    return 'the pattern needs a year (yyyy), a month (MM, M or MMM) and a day (dd or d)'
  if (type === 'date' && parts.some((p) => TIME_PARTS.has(p)))
    return 'a date has no time of day or offset: use type timestamp, or drop the time letters'
  if (has('minute') && !has('hour')) return 'minutes (mm) need an hour (HH)'
  if (has('second') && !has('minute')) return 'seconds (ss) need minutes (mm)'
  if (has('fraction') && !has('second')) return 'a fraction (S) needs seconds (ss)'
  const re = new RegExp(`^${tokens.regex}$`, has('monthName') ? 'i' : '')
  const index = (p: Part): number => parts.indexOf(p) + 1
  const { pieces } = tokens
  return {
    format(iso) {
      const ms =
        type === 'date'
          ? isDateString(iso)
            ? Date.parse(`${iso}T00:00:00Z`)
            : NaN
          : timestampMs(iso, false)
      if (ms !== ms) return undefined
      const d = new Date(ms)
      return pieces.map((p) => ('text' in p ? p.text : formatToken(p.token, p.part, d))).join('')
    },
    parse(text) {
      const m = re.exec(text)
      if (m === null) return undefined
      const group = (p: Part): string | undefined => (has(p) ? m[index(p)] : undefined)
      const month = has('monthName')
        ? MONTHS.indexOf(group('monthName')!.toLowerCase()) + 1
        : Number(group('month'))
      const date = `${group('year')}-${pad(month)}-${pad(Number(group('day')))}`
      if (type === 'date') return date
      const hour = pad(Number(group('hour') ?? 0))
      const fraction = group('fraction')
      const offset = group('offset')
      return (
        `${date}T${hour}:${group('minute') ?? '00'}:${group('second') ?? '00'}` +
        `${fraction === undefined ? '' : `.${fraction}`}` +
        (offset === undefined
          ? 'Z'
          : offset.length === 5
            ? `${offset.slice(0, 3)}:${offset.slice(3)}`
            : offset)
      )
    },
  }
}
