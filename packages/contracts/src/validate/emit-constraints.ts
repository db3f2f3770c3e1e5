import { RuninkError } from '@runink/core'
import type { FieldSpec, Rule, Scalar } from '../model/index.js'
import { compilePattern } from '../pattern/index.js'
import { celConverter } from '../cel/index.js'
import { compileCheck } from './compile-check.js'
import { type CodeBuilder, type Site, errorCode, pathCode } from './code-builder.js'
import { isDateString, timestampMs } from './temporal.js'
import { ValidateCodes } from './validate-codes.js'

/** Enums up to this size compile to `===` chains, larger ones to a Set lookup. */
const INLINE_ENUM = 8

function invalid(site: Site, rule: Rule, message: string): RuninkError {
  const path = site.path.map((s) => ('key' in s ? s.key : '[]')).join('.')
  return new RuninkError(ValidateCodes.RUNINK_VALIDATE_CONTRACT_INVALID, `${path}: ${message}`, {
    details: { path, rule },
  })
}

/** `enum`: the value is one of the listed scalars. */
export function emitEnum(b: CodeBuilder, spec: FieldSpec, v: string, site: Site): string {
  if (spec.enum === undefined) return ''
  const list = spec.enum.filter((x) => typeof x !== 'number' || Number.isFinite(x))
  const expected = b.constant(Object.freeze([...spec.enum]))
  const test =
    list.length === 0
      ? 'true'
      : list.length <= INLINE_ENUM
        ? list.map((x) => `${v} !== ${JSON.stringify(x)}`).join(' && ')
        : `!${b.constant(new Set<Scalar>(list))}.has(${v})`
  return `if (${test}) ${errorCode(site, 'enum', expected, v)}\n`
}

/** A bound of a number field as a number. */
function numericBound(bound: Scalar, site: Site, rule: Rule): number {
  const n = typeof bound === 'number' ? bound : typeof bound === 'string' ? Number(bound) : NaN
  if (typeof bound === 'boolean' || bound === '' || !Number.isFinite(n)) {
    throw invalid(site, rule, `${rule} ${JSON.stringify(bound)} is not a number`)
  }
  return n
}

/**
 * `min`/`max`. Numbers compare numerically, dates by their `YYYY-MM-DD` text, timestamps by
 * instant (`t` holds the epoch milliseconds), other strings by code units.
 */
export function emitBounds(
  b: CodeBuilder,
  spec: FieldSpec,
  v: string,
  site: Site,
  t?: string,
): string {
  let code = ''
  for (const rule of ['min', 'max'] as const) {
    const bound = spec[rule]
    if (bound === undefined) continue
    const op = rule === 'min' ? '<' : '>'
    const expected = JSON.stringify(bound)
    let test: string
    switch (spec.type) {
      case 'int':
      case 'float':
      case 'decimal':
        test = `${v} ${op} ${JSON.stringify(numericBound(bound, site, rule))}`
        break
      case 'date': {
        const day = String(bound).slice(0, 10)
        if (!isDateString(day)) throw invalid(site, rule, `${rule} ${expected} is not a date`)
        test = `${v} ${op} ${JSON.stringify(day)}`
        break
      }
      case 'timestamp': {
        const text = String(bound)
        const ms =
          text.length === 10 ? timestampMs(`${text}T00:00:00Z`, true) : timestampMs(text, false)
        if (ms !== ms) throw invalid(site, rule, `${rule} ${expected} is not an RFC 3339 timestamp`)
        test = `${t ?? 'NaN'} ${op} ${ms}`
        break
      }
      case 'string':
        test = `${v} ${op} ${JSON.stringify(String(bound))}`
        break
      default:
        continue
    }
    code += `if (${test}) ${errorCode(site, rule, expected, v)}\n`
  }
  return code
}

/** `length` of a string (in code points) or an array. */
export function emitLength(b: CodeBuilder, spec: FieldSpec, v: string, site: Site): string {
  const bounds = spec.length
  if (bounds === undefined || (bounds.min === undefined && bounds.max === undefined)) return ''
  const expected = b.constant(Object.freeze({ ...bounds }))
  const outside = (n: string): string =>
    [
      bounds.min === undefined ? '' : `${n} < ${bounds.min}`,
      bounds.max === undefined ? '' : `${n} > ${bounds.max}`,
    ]
      .filter((x) => x !== '')
      .join(' || ')
  const n = b.variable('n')
  if (spec.type === 'array') {
    return `const ${n} = ${v}.length; if (${outside(n)}) ${errorCode(site, 'length', expected, n)}\n`
  }
  // UTF-16 length bounds the code-point count from above, so it is only counted when unsure.
  const unsure = [
    bounds.min === undefined ? '' : `${n} < ${bounds.min * 2}`,
    bounds.max === undefined ? '' : `${n} > ${bounds.max}`,
  ]
    .filter((x) => x !== '')
    .join(' || ')
  return `let ${n} = ${v}.length; if (${unsure}) { ${n} = CPLEN(${v}); if (${outside(n)}) ${errorCode(site, 'length', expected, n)} }\n`
}

/** `pattern`: an RE2 regex (linear-time matching) that must match somewhere (anchor it to match whole values). */
export function emitPattern(b: CodeBuilder, spec: FieldSpec, v: string, site: Site): string {
  if (spec.pattern === undefined) return ''
  const { pattern, problem } = compilePattern(spec.pattern)
  if (pattern === undefined)
    throw invalid(site, 'pattern', `pattern ${JSON.stringify(spec.pattern)}: ${problem}`)
  const expected = JSON.stringify(spec.pattern)
  return `if (!${b.constant(pattern)}.test(${v})) ${errorCode(site, 'pattern', expected, v)}\n`
}

/** `format`: one of the named string formats. */
export function emitFormat(b: CodeBuilder, spec: FieldSpec, v: string, site: Site): string {
  if (spec.format === undefined) return ''
  const test = `FORMATS[${JSON.stringify(spec.format)}]`
  return `if (!${test}(${v})) ${errorCode(site, 'format', JSON.stringify(spec.format), v)}\n`
}

/** `unique`: the value (`key`, e.g. a timestamp's instant) was not seen before in this run. */
export function emitUnique(
  b: CodeBuilder,
  spec: FieldSpec,
  v: string,
  site: Site,
  key = v,
): string {
  if (!spec.unique) return ''
  const set = new Set<unknown>()
  b.uniqueSets.push(set)
  const seen = b.constant(set)
  return `if (UQ(${seen}, ${key})) ${errorCode(site, 'unique', '"unique per run"', v)}\n`
}

/** `check`: queued with its value and path, evaluated once the whole record is built. */
export function emitCheck(b: CodeBuilder, spec: FieldSpec, v: string, site: Site): string {
  if (spec.check === undefined) return ''
  const path = site.path.map((s) => ('key' in s ? s.key : '[]')).join('.')
  const check = compileCheck(spec.check, path)
  b.checks.push({ check, expression: spec.check, convert: celConverter(spec) })
  return `pc = PEND(pc, ${b.checks.length - 1}, ${v}, ${pathCode(site.path)}, ${site.pii});\n`
}
