import type { ValidationMode } from '@runink/core'
import type { Rule } from '../model/index.js'
import type { CelConvert } from '../cel/index.js'
import type { CheckFn } from './compile-check.js'

/** A segment of an error path: a member name, or the JS variable holding an array index. */
export type PathSegment = { readonly key: string } | { readonly indexVar: string }

/** Where generated code stands: the path of the value, PII inherited from enclosing fields. */
export interface Site {
  readonly path: readonly PathSegment[]
  readonly pii: boolean
  /** An object member (the empty CSV cell means absent) rather than an array item. */
  readonly member: boolean
}

/** A `check` to run after the record is built. */
export interface CheckEntry {
  readonly check: CheckFn
  readonly expression: string
  readonly convert: CelConvert | undefined
}

/**
 * Collects what generated code refers to: constants become locals `k0, k1, …` of the factory
 * (closure variables of the validator), variables get unique names.
 */
export class CodeBuilder {
  readonly constants: unknown[] = []
  readonly checks: CheckEntry[] = []
  /** The per-run sets of `unique` fields, cleared by `reset()`. */
  readonly uniqueSets: Set<unknown>[] = []
  private counter = 0

  constructor(readonly mode: ValidationMode) {}

  get coerce(): boolean {
    return this.mode === 'coerce'
  }

  /** The name of a closure constant holding `value`. */
  constant(value: unknown): string {
    this.constants.push(value)
    return `k${this.constants.length - 1}`
  }

  get usesUnique(): boolean {
    return this.uniqueSets.length > 0
  }

  /** A fresh variable name. */
  variable(prefix = 'v'): string {
    this.counter += 1
    return `${prefix}${this.counter}`
  }
}

/** A JS expression that builds the path string; concatenates only when an index is involved. */
export function pathCode(path: readonly PathSegment[], extraKeyVar?: string): string {
  const parts: string[] = []
  let text = ''
  for (const segment of path) {
    if ('key' in segment) {
      text += (text === '' && parts.length === 0 ? '' : '.') + segment.key
    } else {
      parts.push(JSON.stringify(text + '['), segment.indexVar)
      text = ']'
    }
  }
  if (extraKeyVar !== undefined) {
    if (text !== '' || parts.length > 0) parts.push(JSON.stringify(`${text}.`))
    parts.push(extraKeyVar)
    text = ''
  }
  if (text !== '' || parts.length === 0) parts.push(JSON.stringify(text))
  return parts.join(' + ')
}

/** Generated code that records one error; `expected`, `actual` and `note` are JS expressions. */
export function errorCode(
  site: Site,
  rule: Rule,
  expected: string,
  actual: string,
  note?: string,
  extraKeyVar?: string,
): string {
  const path = pathCode(site.path, extraKeyVar)
  const tail = note === undefined ? '' : `, ${note}`
  return `E(errs === null ? (errs = []) : errs, ${path}, ${JSON.stringify(rule)}, ${expected}, ${actual}, ${site.pii}${tail});`
}
