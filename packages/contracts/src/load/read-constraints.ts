import type { FieldType, LengthBounds, Scalar } from '../model/index.js'
import { celErrorLine, parseCel } from '../cel/index.js'
import { compilePattern } from '../pattern/index.js'
import { describeNode, type DocEntry, type DocNode } from './doc-node.js'
import { compareBounds, expectedFor, fitsType } from './field-rules.js'
import type { ProblemSink } from './problem-sink.js'
import { readMap, readString } from './read-values.js'

const scalarOf = (node: DocNode): unknown => (node.kind === 'scalar' ? node.value : undefined)

/** A non-empty list of distinct values that fit the field type (unchecked when it is unknown). */
export function readEnum(
  sink: ProblemSink,
  path: string,
  entry: DocEntry,
  type: FieldType | undefined,
): readonly Scalar[] | undefined {
  const { value } = entry
  if (value.kind !== 'seq' || value.items.length === 0) {
    sink.invalidEntry(path, entry, `expected a non-empty list, got ${describeNode(value)}`)
    return undefined
  }
  const out: Scalar[] = []
  let ok = true
  value.items.forEach((item, i) => {
    const v = scalarOf(item)
    const fits = type === undefined ? isScalar(v) : fitsType(type, v)
    const at = item.at ?? value.at ?? entry.keyAt
    if (!fits) {
      const expected = type === undefined ? 'a string, number or boolean' : expectedFor(type)
      sink.invalid(`${path}[${i}]`, at, `expected ${expected}, got ${describeNode(item)}`)
      ok = false
    } else if (out.includes(v as Scalar)) {
      sink.invalid(`${path}[${i}]`, at, `duplicate enum value ${describeNode(item)}`)
      ok = false
    } else out.push(v as Scalar)
  })
  return ok ? out : undefined
}

const isScalar = (v: unknown): v is Scalar =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))

/** A `min` or `max` bound: a number for numeric types, an ISO string for dates and timestamps. */
export function readBound(
  sink: ProblemSink,
  path: string,
  entry: DocEntry,
  type: FieldType | undefined,
): Scalar | undefined {
  const v = scalarOf(entry.value)
  // `min` on an int field may be fractional (`min: 0.5` means 1 and up), so numbers suffice.
  const fits =
    type === undefined ? isScalar(v) : type === 'int' ? fitsType('float', v) : fitsType(type, v)
  if (fits) return v as Scalar
  const expected = type === undefined || type === 'int' ? 'a number' : expectedFor(type)
  sink.invalidEntry(path, entry, `expected ${expected}, got ${describeNode(entry.value)}`)
  return undefined
}

/** Reports `min > max`; both must already fit the field type. */
export function checkRange(sink: ProblemSink, path: string, min: DocEntry, max: DocEntry): void {
  const lo = scalarOf(min.value) as Scalar
  const hi = scalarOf(max.value) as Scalar
  if (compareBounds(lo, hi) > 0)
    sink.invalidEntry(
      path,
      min,
      `min ${describeNode(min.value)} is above max ${describeNode(max.value)}`,
    )
}

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0

/** `length: n` (exactly n) or `length: {min, max}`, counts of characters or items. */
export function readLength(
  sink: ProblemSink,
  path: string,
  entry: DocEntry,
): LengthBounds | undefined {
  const { value } = entry
  if (value.kind === 'scalar') {
    if (isCount(value.value)) return { min: value.value, max: value.value }
    sink.invalidEntry(
      path,
      entry,
      `expected a non-negative integer or {min, max}, got ${describeNode(value)}`,
    )
    return undefined
  }
  const map = readMap(sink, path, value, ['min', 'max'], entry.keyAt)
  if (map === undefined) return undefined
  const bounds: { min?: number; max?: number } = {}
  let ok = true
  for (const [key, e] of map) {
    const v = scalarOf(e.value)
    if (isCount(v)) bounds[key as 'min' | 'max'] = v
    else {
      sink.invalidEntry(
        `${path}.${key}`,
        e,
        `expected a non-negative integer, got ${describeNode(e.value)}`,
      )
      ok = false
    }
  }
  if (value.kind === 'map' && value.entries.length === 0) {
    sink.invalidEntry(path, entry, 'expected at least one of min and max')
    return undefined
  }
  if (ok && bounds.min !== undefined && bounds.max !== undefined && bounds.min > bounds.max) {
    sink.invalidEntry(path, entry, `min ${bounds.min} is above max ${bounds.max}`)
    return undefined
  }
  return ok ? bounds : undefined
}

/** A regular expression source that RE2 compiles (matching is linear in the value's length). */
export function readPattern(sink: ProblemSink, path: string, entry: DocEntry): string | undefined {
  const source = readString(sink, path, entry)
  if (source === undefined) return undefined
  const { problem } = compilePattern(source)
  if (problem === undefined) return source
  sink.invalidEntry(path, entry, problem)
  return undefined
}

/** A CEL expression that parses; it is evaluated over `value` and `record` at validation. */
export function readCheck(sink: ProblemSink, path: string, entry: DocEntry): string | undefined {
  const source = readString(sink, path, entry)
  if (source === undefined) return undefined
  try {
    parseCel(source)
    return source
  } catch (err) {
    sink.invalidEntry(path, entry, `invalid CEL expression: ${celErrorLine(err)}`)
    return undefined
  }
}
