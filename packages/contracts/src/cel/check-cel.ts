import { parse, serialize } from '@marcbachmann/cel-js'
import { didYouMean } from '@runink/core'
import { celErrorLine } from './cel-error-line.js'
import { celEnvironment, type CelVariables } from './cel-environment.js'
import { celPath, type CelAst } from './cel-ast.js'
import { celNestingProblem } from './cel-nesting-problem.js'
import type { CelSchema } from './cel-schema-of.js'
import { parseCel } from './parse-cel.js'
import { unguardedNullables } from './unguarded-nullables.js'

/** A span of a CEL expression's source: character offsets, `end` exclusive. */
export interface CelRange {
  readonly start: number
  readonly end: number
}

/**
 * A problem `checkCel` found. `nullable` is a warning (a nullable field used where null fails),
 * the others are errors. `range` locates it in the expression; absent, it is the whole of it.
 */
export interface CelProblem {
  readonly kind: 'syntax' | 'unknown_field' | 'type' | 'nullable'
  readonly message: string
  readonly range?: CelRange
  readonly hint?: string
}

/** What a checked expression compiled to. */
export interface CheckedCel {
  /** The expression re-printed from its AST: layout does not change it (nor a plan hash). */
  readonly canonical: string
  /** Its CEL type, e.g. `bool`, `int`, `dyn`. */
  readonly type: string
  /** The parsed AST, for further static analysis. */
  readonly ast: CelAst
}

/** What to check an expression for, and how to name things in messages. */
export interface CheckCelOptions {
  /** Names the expression in messages: `filter`, `derive total`. */
  readonly what: string
  /** The type the result must have (`bool`), if any; `dyn` passes. */
  readonly want?: string
  /** How to name a variable's object in messages: `{ record: 'contract trade' }`. */
  readonly rootLabels?: Readonly<Record<string, string>>
  /** By variable, its fields that may be null (see `nullableFields`): unguarded uses warn. */
  readonly nullable?: Readonly<Record<string, ReadonlySet<string>>>
}

/** The result: `checked` when the expression is valid, with any warnings in `problems`. */
export interface CelCheck {
  readonly checked?: CheckedCel
  readonly problems: readonly CelProblem[]
}

interface CelLibError {
  readonly code?: string
  readonly summary?: string
  readonly range?: CelRange
  readonly node?: { op?: string; args?: unknown }
}

/**
 * Parses and type-checks a CEL expression against `vars` (compiled once here; never `eval`):
 * syntax, nesting, literal `matches()` patterns RE2 refuses, unknown fields and variables (with
 * "did you mean"), operand types, the result type, and nullable fields used unguarded.
 */
export function checkCel(source: string, vars: CelVariables, options: CheckCelOptions): CelCheck {
  const { what } = options
  const fail = (problem: CelProblem): CelCheck => ({ problems: [problem] })
  // cel-js recurses once per prefix `!`/`-` without its depth check: measure first.
  const deep = celNestingProblem(source)
  if (deep !== undefined) return fail({ kind: 'syntax', message: `${what}: ${deep}` })
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(source)
  } catch (error) {
    const e = error as CelLibError
    const summary = e.summary ?? celErrorLine(error)
    return fail({ kind: 'syntax', message: `${what}: ${summary}`, ...range(e) })
  }
  try {
    parseCel(source) // matches() runs with RE2: a literal pattern it refuses is an error now
  } catch (error) {
    return fail({ kind: 'syntax', message: `${what}: ${celErrorLine(error)}` })
  }
  let result: { valid: boolean; type?: string; error?: unknown }
  try {
    result = celEnvironment(vars).check(source)
  } catch (error) {
    result = { valid: false, error }
  }
  if (!result.valid) return fail(typeProblem((result.error ?? {}) as CelLibError, vars, options))
  const type = result.type ?? 'dyn'
  const { want } = options
  if (want !== undefined && type !== want && type !== 'dyn')
    return fail({ kind: 'type', message: `${what} must be a ${want}, but it is a ${type}` })
  const problems: CelProblem[] = []
  for (const [root, fields] of Object.entries(options.nullable ?? {}))
    for (const u of unguardedNullables(parsed.ast, root, fields))
      problems.push({
        kind: 'nullable',
        message: `${what}: ${u.path} may be null (its contract field is not required or is nullable), and this fails on null`,
        range: u.range,
        hint: `guard with ${u.path} != null && …`,
      })
  return { checked: { canonical: serialize(parsed.ast), type, ast: parsed.ast }, problems }
}

/** The problem of an expression cel-js's type check refused. */
function typeProblem(e: CelLibError, vars: CelVariables, options: CheckCelOptions): CelProblem {
  const { what } = options
  const summary = e.summary ?? celErrorLine(e)
  if (e.code === 'no_such_key' && Array.isArray(e.node?.args)) {
    const path = celPath(e.node.args[0]) ?? []
    const key = String(e.node.args[1])
    const root = path[0]
    const candidates =
      root === undefined ? [] : fieldsAt(vars[root] as Record<string, CelSchema>, path.slice(1))
    const guess = didYouMean(key, candidates)
    return {
      kind: 'unknown_field',
      message: `${what}: ${[...path, key].join('.')} is not a field of ${describeRoot(path, options.rootLabels ?? {})}`,
      ...range(e),
      ...hint(
        guess === undefined
          ? candidates.length > 0
            ? `fields: ${candidates.join(', ')}`
            : undefined
          : `did you mean ${guess}?`,
      ),
    }
  }
  if (e.code === 'unknown_variable') {
    const name = /Unknown variable: (\S+)/.exec(summary)?.[1] ?? ''
    const guess = didYouMean(name, Object.keys(vars))
    return {
      kind: 'type',
      message: `${what}: unknown variable ${name}`,
      ...range(e),
      hint:
        guess === undefined
          ? `available: ${Object.keys(vars).join(', ')}`
          : `did you mean ${guess}?`,
    }
  }
  return { kind: 'type', message: `${what}: ${summary}`, ...range(e) }
}

const range = (e: CelLibError): { range?: CelRange } =>
  e.range === undefined ? {} : { range: { start: e.range.start, end: e.range.end } }

const hint = (text: string | undefined): { hint?: string } =>
  text === undefined ? {} : { hint: text }

/** The fields of the nested object at `path` inside a schema, for "did you mean". */
function fieldsAt(
  fields: Readonly<Record<string, CelSchema>> | undefined,
  path: readonly string[],
) {
  let at: CelSchema | undefined = fields
  for (const p of path) at = typeof at === 'object' ? at[p] : undefined
  return typeof at === 'object' ? Object.keys(at) : []
}

function describeRoot(path: readonly string[], labels: Readonly<Record<string, string>>): string {
  const label = path.length === 1 ? labels[path[0] ?? ''] : undefined
  return label ?? (path.length === 0 ? 'the expression' : path.join('.'))
}
