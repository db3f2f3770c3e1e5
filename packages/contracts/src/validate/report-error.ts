import type { Rule } from '../model/index.js'
import type { ValidationError } from './validation-result.js'

/** Longest string kept in `actual` and messages. */
const MAX_ACTUAL = 200

/** What `actual` says for fields tagged `pii`. */
export const PII_ACTUAL = '[pii]'

/** Thrown by {@link pushError} when a record reached its error cap; caught by the validator. */
export const ERROR_CAP: unique symbol = Symbol('error cap')

/** A JSON-safe stand-in for an offending value: no PII, no huge strings, no live objects. */
export function safeActual(value: unknown, pii: boolean): unknown {
  if (pii) return PII_ACTUAL
  switch (typeof value) {
    case 'string':
      return value.length > MAX_ACTUAL ? `${value.slice(0, MAX_ACTUAL)}…` : value
    case 'number':
      return Number.isFinite(value) ? value : String(value)
    case 'boolean':
    case 'undefined':
      return value
    case 'bigint':
      return `${value}n`
    case 'symbol':
      return '[symbol]'
    case 'function':
      return '[function]'
    default:
      return describeObject(value as object | null)
  }
}

function describeObject(value: object | null): string | null {
  if (value === null) return null
  if (Array.isArray(value)) return '[array]'
  try {
    const proto: unknown = Object.getPrototypeOf(value)
    if (proto === Object.prototype || proto === null) return '[object]'
    return Object.prototype.toString.call(value)
  } catch {
    return '[object]'
  }
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value)
}

function showExpected(expected: unknown): string {
  return Array.isArray(expected) ? expected.map(show).join(', ') : String(expected)
}

function showBounds(expected: unknown): string {
  const { min, max } = (expected ?? {}) as { min?: number; max?: number }
  return `${min ?? 0}..${max ?? '∞'}`
}

/** The readable sentence of an error. */
function messageOf(path: string, rule: Rule, expected: unknown, actual: unknown): string {
  const at = path === '' ? 'record' : path
  switch (rule) {
    case 'type':
      return `${at}: expected ${String(expected)}, got ${show(actual)}`
    case 'required':
      return `${at}: required field is missing`
    case 'nullable':
      return `${at}: null is not allowed`
    case 'enum':
      return `${at}: ${show(actual)} is not one of ${showExpected(expected)}`
    case 'min':
      return `${at}: ${show(actual)} is below the minimum ${show(expected)}`
    case 'max':
      return `${at}: ${show(actual)} is above the maximum ${show(expected)}`
    case 'length':
      return `${at}: length ${show(actual)} is outside ${showBounds(expected)}`
    case 'pattern':
      return `${at}: ${show(actual)} does not match ${String(expected)}`
    case 'format':
      return `${at}: ${show(actual)} is not a valid ${String(expected)}`
    case 'unique':
      return `${at}: ${show(actual)} was already seen in this run (unique)`
    case 'check':
      return `${at}: ${show(actual)} fails the check ${String(expected)}`
    case 'unknown_field':
      return `${at}: unknown field`
    case 'encoding':
      return `${at}: invalid ${String(expected)}`
    case 'depth':
      return `${at}: nests deeper than ${String(expected)} levels`
  }
}

/**
 * Appends an error and throws {@link ERROR_CAP} once `max` are collected. `note` extends the
 * message (a did-you-mean hint, why a check could not be evaluated).
 */
export function pushError(
  errors: ValidationError[],
  max: number,
  path: string,
  rule: Rule,
  expected: unknown,
  value: unknown,
  pii: boolean,
  note = '',
): void {
  const actual = safeActual(value, pii)
  errors.push({
    path,
    rule,
    expected,
    actual,
    message: messageOf(path, rule, expected, actual) + note,
  })
  if (errors.length >= max) throw ERROR_CAP
}
