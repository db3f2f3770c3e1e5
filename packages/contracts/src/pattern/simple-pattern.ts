/**
 * A fast path for the common shape of `pattern` constraints (`^T[0-9]{8}$`, `^[A-Z]{3}-\d{4}$`):
 * a `^`-anchored sequence of characters and character classes, each optionally repeated, where
 * every repeated item's characters cannot start what follows it. Such a pattern is deterministic:
 * a backtracking engine gives back at most one character per repetition and fails at once each
 * time, so the host's JavaScript RegExp (many times faster than re2js) matches in linear time.
 *
 * The JavaScript source is rebuilt from the parsed code-point ranges, so the meaning is RE2's
 * (`\s` is `[\t\n\f\r ]`, `.` is everything but `\n`), not whatever JavaScript reads the text as.
 * Anything else (groups, alternation, lazy repeats, `\p{…}`, `\b`, an unanchored repeat) is not
 * simple and matches with re2js.
 */

/** Inclusive code-point ranges, sorted and disjoint. */
type CharSet = ReadonlyArray<readonly [number, number]>

interface Item {
  readonly set: CharSet
  readonly min: number
  readonly max: number
}

const MAX_CODE_POINT = 0x10ffff
const DIGIT: CharSet = [[0x30, 0x39]]
const WORD: CharSet = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
]
const SPACE: CharSet = [
  [0x09, 0x0a],
  [0x0c, 0x0d],
  [0x20, 0x20],
]
const CONTROL_ESCAPES: Readonly<Record<string, number>> = {
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  v: 0x0b,
}
const CLASS_ESCAPES: Readonly<Record<string, CharSet>> = {
  d: DIGIT,
  D: complement(DIGIT),
  w: WORD,
  W: complement(WORD),
  s: SPACE,
  S: complement(SPACE),
}
const META = new Set([...'\\^$.|?*+()[]{}'])

/** A JavaScript RegExp with the same matches as RE2 on `source`, or undefined if not simple. */
export function simplePattern(source: string): RegExp | undefined {
  const chars = Array.from(source)
  if (chars[0] !== '^') return undefined
  const parsed = parseItems(chars, 1)
  if (parsed === undefined || !deterministic(parsed.items)) return undefined
  return new RegExp(`^${parsed.items.map(emitItem).join('')}${parsed.end ? '$' : ''}`, 'u')
}

/** The items from `start`; `end` when the pattern ends in an anchoring `$`. */
function parseItems(
  chars: readonly string[],
  start: number,
): { items: Item[]; end: boolean } | undefined {
  const items: Item[] = []
  let i = start
  while (i < chars.length) {
    if (chars[i] === '$' && i === chars.length - 1) return { items, end: true }
    const atom = parseAtom(chars, i)
    if (atom === undefined) return undefined
    const repeat = parseRepeat(chars, atom.next)
    if (repeat === undefined) return undefined
    items.push({ set: atom.set, min: repeat.min, max: repeat.max })
    i = repeat.next
  }
  return { items, end: false }
}

function parseAtom(
  chars: readonly string[],
  i: number,
): { set: CharSet; next: number } | undefined {
  const c = chars[i] as string
  if (c === '.') return { set: complement([[0x0a, 0x0a]]), next: i + 1 }
  if (c === '[') return parseClass(chars, i + 1)
  if (c === '\\') {
    const escaped = parseEscape(chars[i + 1])
    return escaped === undefined ? undefined : { set: escaped, next: i + 2 }
  }
  if (META.has(c)) return undefined
  const cp = c.codePointAt(0) as number
  return { set: [[cp, cp]], next: i + 1 }
}

/** `\d`-style classes, control escapes and escaped ASCII punctuation (RE2 accepts any). */
function parseEscape(c: string | undefined): CharSet | undefined {
  if (c === undefined) return undefined
  const named = CLASS_ESCAPES[c]
  if (named !== undefined) return named
  const control = CONTROL_ESCAPES[c]
  if (control !== undefined) return [[control, control]]
  const cp = c.codePointAt(0) as number
  const punctuation = cp < 0x80 && !/[0-9A-Za-z]/.test(c)
  return punctuation ? [[cp, cp]] : undefined
}

function parseClass(
  chars: readonly string[],
  start: number,
): { set: CharSet; next: number } | undefined {
  let i = start
  const negated = chars[i] === '^'
  if (negated) i++
  if (chars[i] === ']') return undefined // RE2 reads a leading `]` as a literal, JavaScript does not
  const parts: Array<readonly [number, number]> = []
  while (i < chars.length && chars[i] !== ']') {
    const lo = classChar(chars, i)
    if (lo === undefined) return undefined
    if (typeof lo.value !== 'number') {
      parts.push(...lo.value)
      i = lo.next
      continue
    }
    if (chars[lo.next] === '-' && lo.next + 1 < chars.length && chars[lo.next + 1] !== ']') {
      const hi = classChar(chars, lo.next + 1)
      if (hi === undefined || typeof hi.value !== 'number' || hi.value < lo.value) return undefined
      parts.push([lo.value, hi.value])
      i = hi.next
    } else {
      parts.push([lo.value, lo.value])
      i = lo.next
    }
  }
  if (chars[i] !== ']') return undefined
  const set = normalize(parts)
  return { set: negated ? complement(set) : set, next: i + 1 }
}

/** One member of a class: a code point, or a `\d`-style set. */
function classChar(
  chars: readonly string[],
  i: number,
): { value: number | CharSet; next: number } | undefined {
  const c = chars[i] as string
  if (c === '[') return undefined // `[[:alpha:]]` in RE2, a literal in JavaScript
  if (c !== '\\') return { value: c.codePointAt(0) as number, next: i + 1 }
  const escaped = parseEscape(chars[i + 1])
  if (escaped === undefined) return undefined
  const [first] = escaped
  const single = escaped.length === 1 && first !== undefined && first[0] === first[1]
  return { value: single ? first[0] : escaped, next: i + 2 }
}

function parseRepeat(
  chars: readonly string[],
  i: number,
): { min: number; max: number; next: number } | undefined {
  const c = chars[i]
  let repeat: { min: number; max: number; next: number }
  if (c === '?') repeat = { min: 0, max: 1, next: i + 1 }
  else if (c === '*') repeat = { min: 0, max: Infinity, next: i + 1 }
  else if (c === '+') repeat = { min: 1, max: Infinity, next: i + 1 }
  else if (c === '{') {
    const close = chars.indexOf('}', i)
    const m = close < 0 ? null : /^(\d+)(,(\d*))?$/.exec(chars.slice(i + 1, close).join(''))
    if (m === null) return undefined
    const min = Number(m[1])
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3])
    repeat = { min, max, next: close + 1 }
  } else return { min: 1, max: 1, next: i }
  // Lazy (`*?`) and stacked repeats change how a backtracking engine explores; leave them to RE2.
  const after = chars[repeat.next]
  if (after === '?' || after === '*' || after === '+' || after === '{') return undefined
  return repeat
}

/** Every repeated item's characters are disjoint from the characters that can come next. */
function deterministic(items: readonly Item[]): boolean {
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as Item
    if (item.min === item.max) continue
    for (let j = i + 1; j < items.length; j++) {
      const next = items[j] as Item
      if (intersects(item.set, next.set)) return false
      if (next.min > 0) break
    }
  }
  return true
}

function normalize(parts: ReadonlyArray<readonly [number, number]>): CharSet {
  const sorted = [...parts].sort((a, b) => a[0] - b[0])
  const out: Array<[number, number]> = []
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1]
    if (last !== undefined && lo <= last[1] + 1) last[1] = Math.max(last[1], hi)
    else out.push([lo, hi])
  }
  return out
}

function complement(set: CharSet): CharSet {
  const out: Array<[number, number]> = []
  let from = 0
  for (const [lo, hi] of set) {
    if (lo > from) out.push([from, lo - 1])
    from = hi + 1
  }
  if (from <= MAX_CODE_POINT) out.push([from, MAX_CODE_POINT])
  return out
}

function intersects(a: CharSet, b: CharSet): boolean {
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const [alo, ahi] = a[i] as readonly [number, number]
    const [blo, bhi] = b[j] as readonly [number, number]
    if (alo <= bhi && blo <= ahi) return true
    if (ahi < bhi) i++
    else j++
  }
  return false
}

const hex = (cp: number): string => `\\u{${cp.toString(16)}}`

function emitItem(item: Item): string {
  const ranges = item.set.map(([lo, hi]) => (lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`))
  const atom = `[${ranges.join('')}]`
  if (item.min === 1 && item.max === 1) return atom
  if (item.max === Infinity) return `${atom}{${item.min},}`
  return item.min === item.max ? `${atom}{${item.min}}` : `${atom}{${item.min},${item.max}}`
}
