import { Environment, parse, serialize, type ASTNode } from '@marcbachmann/cel-js'
import { celNestingProblem, parseCel } from '@runink/contracts'
import { didYouMean } from '@runink/core'
import type { Reporter } from '../diagnostics/reporter.js'
import type { StringValue } from '../syntax/ast.js'
import { span, type Span } from '../syntax/span.js'
import { unguardedNullables } from './null-guards.js'
import { fieldsAt, type CelSchema } from './record-shape.js'

/** A CEL variable: a type name or an object schema. */
export type CelVariables = Readonly<Record<string, CelSchema>>

/** What a checked expression compiled to. */
export interface CheckedCel {
  /** The expression re-printed from its AST: layout does not change it (nor the plan hash). */
  readonly canonical: string
  /** Its CEL type, e.g. `bool`, `int`, `dyn`. */
  readonly type: string
  /** The parsed AST, for further static analysis. */
  readonly ast: ASTNode
}

interface CelError {
  readonly code?: string
  readonly summary?: string
  readonly message?: string
  readonly range?: { start: number; end: number }
  readonly node?: { op?: string; args?: unknown }
  readonly name?: string
}

/**
 * Types that may be compared with `null` (`record.qty != null`): cel-js has no such overloads,
 * while at run time comparing any value with null is defined. Registering `T == null` also
 * registers `null == T` and both `!=`.
 */
const NULL_COMPARABLE = [
  'int',
  'uint',
  'double',
  'string',
  'bool',
  'bytes',
  'list',
  'map',
  'list<int>',
  'list<double>',
  'list<string>',
  'list<bool>',
]

function environment(vars: CelVariables): Environment {
  const env = new Environment({ homogeneousAggregateLiterals: false })
  for (const t of NULL_COMPARABLE) env.registerOperator(`${t} == null: bool`, () => false)
  for (const [name, type] of Object.entries(vars)) {
    try {
      if (typeof type === 'string') env.registerVariable(name, type)
      else env.registerVariable({ name, schema: type as Record<string, string> })
    } catch {
      // A schema the CEL library cannot express (odd field names): check this variable loosely.
      if (!env.hasVariable(name)) env.registerVariable(name, 'dyn')
    }
  }
  return env
}

/** The dotted path of `a.b.c`, or undefined for anything else. */
function pathOf(node: unknown): string[] | undefined {
  const n = node as { op?: string; args?: unknown } | undefined
  if (n?.op === 'id' && typeof n.args === 'string') return [n.args]
  if (n?.op === '.' && Array.isArray(n.args)) {
    const base = pathOf(n.args[0])
    return base === undefined ? undefined : [...base, String(n.args[1])]
  }
  return undefined
}

/**
 * Parses and type-checks a CEL expression (compiled once here; never `eval`), reporting at the
 * position inside the feature file. `want` is the type the result must have (`bool`), if any.
 */
export function checkCel(
  expr: StringValue,
  vars: CelVariables,
  report: Reporter,
  what: string,
  want?: string,
  rootLabels: Readonly<Record<string, string>> = {},
  nullable: Readonly<Record<string, ReadonlySet<string>>> = {},
): CheckedCel | undefined {
  const at = (r: { start: number; end: number } | undefined): Span =>
    r === undefined || !expr.exact
      ? expr.span
      : span(expr.contentStart + r.start, expr.contentStart + Math.max(r.end, r.start + 1))
  // cel-js recurses once per prefix `!`/`-` without its depth check: measure first.
  const deep = celNestingProblem(expr.value)
  if (deep !== undefined) {
    report.error('RUNINK_DSL_CEL_SYNTAX', expr.span, `${what}: ${deep}`)
    return undefined
  }
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(expr.value)
  } catch (error) {
    const e = error as CelError
    const keyword = /got IN\b/.test(e.summary ?? '')
      ? '"in" is a CEL keyword: for stage stats write records.input'
      : undefined
    report.error(
      'RUNINK_DSL_CEL_SYNTAX',
      at(e.range),
      `${what}: ${e.summary ?? firstLine(error)}`,
      keyword,
    )
    return undefined
  }
  try {
    parseCel(expr.value) // matches() runs with RE2: a literal pattern it refuses is an error now
  } catch (error) {
    report.error('RUNINK_DSL_CEL_SYNTAX', expr.span, `${what}: ${firstLine(error)}`)
    return undefined
  }
  let result: { valid: boolean; type?: string; error?: unknown }
  try {
    result = environment(vars).check(expr.value)
  } catch (error) {
    result = { valid: false, error }
  }
  if (!result.valid) {
    const e = (result.error ?? {}) as CelError
    const summary = e.summary ?? firstLine(e)
    if (e.code === 'no_such_key' && Array.isArray(e.node?.args)) {
      const path = pathOf(e.node.args[0]) ?? []
      const key = String(e.node.args[1])
      const root = path[0]
      const candidates =
        root === undefined ? [] : fieldsAt(vars[root] as Record<string, CelSchema>, path.slice(1))
      const guess = didYouMean(key, candidates)
      report.error(
        'RUNINK_DSL_UNKNOWN_FIELD',
        at(e.range),
        `${what}: ${[...path, key].join('.')} is not a field of ${describeRoot(path, rootLabels)}`,
        guess === undefined
          ? candidates.length > 0
            ? `fields: ${candidates.join(', ')}`
            : undefined
          : `did you mean ${guess}?`,
      )
      return undefined
    }
    if (e.code === 'unknown_variable') {
      const name = /Unknown variable: (\S+)/.exec(summary)?.[1] ?? ''
      const guess = didYouMean(name, Object.keys(vars))
      report.error(
        'RUNINK_DSL_CEL_TYPE',
        at(e.range),
        `${what}: unknown variable ${name}`,
        guess === undefined
          ? `available: ${Object.keys(vars).join(', ')}`
          : `did you mean ${guess}?`,
      )
      return undefined
    }
    report.error('RUNINK_DSL_CEL_TYPE', at(e.range), `${what}: ${summary}`)
    return undefined
  }
  const type = result.type ?? 'dyn'
  if (want !== undefined && type !== want && type !== 'dyn') {
    report.error('RUNINK_DSL_CEL_TYPE', expr.span, `${what} must be a ${want}, but it is a ${type}`)
    return undefined
  }
  for (const [root, fields] of Object.entries(nullable))
    for (const u of unguardedNullables(parsed.ast, root, fields))
      report.warning(
        'RUNINK_DSL_CEL_NULLABLE',
        at(u.range),
        `${what}: ${u.path} may be null (its contract field is not required or is nullable), and this fails on null`,
        `guard with ${u.path} != null && …`,
      )
  return { canonical: serialize(parsed.ast), type, ast: parsed.ast }
}

function describeRoot(path: readonly string[], labels: Readonly<Record<string, string>>): string {
  const label = path.length === 1 ? labels[path[0] ?? ''] : undefined
  return label ?? (path.length === 0 ? 'the expression' : path.join('.'))
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''
}
