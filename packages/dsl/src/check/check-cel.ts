import {
  checkCel as checkCelExpression,
  type CelRange,
  type CelVariables,
  type CheckedCel,
} from '@runink/contracts'
import type { Reporter } from '../diagnostics/reporter.js'
import type { StringValue } from '../syntax/ast.js'
import { span, type Span } from '../syntax/span.js'

/** The diagnostic code of each kind of problem `checkCel` of @runink/contracts finds. */
const CODES = {
  syntax: 'RUNINK_DSL_CEL_SYNTAX',
  unknown_field: 'RUNINK_DSL_UNKNOWN_FIELD',
  type: 'RUNINK_DSL_CEL_TYPE',
  nullable: 'RUNINK_DSL_CEL_NULLABLE',
} as const

/**
 * Parses and type-checks a CEL expression of a feature file with `checkCel` of
 * @runink/contracts, reporting at the position inside the feature file. `want` is the type the
 * result must have (`bool`), if any; nullable fields used unguarded are warnings.
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
  const at = (r: CelRange | undefined): Span =>
    r === undefined || !expr.exact
      ? expr.span
      : span(expr.contentStart + r.start, expr.contentStart + Math.max(r.end, r.start + 1))
  const result = checkCelExpression(expr.value, vars, {
    what,
    ...(want === undefined ? {} : { want }),
    rootLabels,
    nullable,
  })
  for (const p of result.problems) {
    const hint =
      p.kind === 'syntax' && /got IN\b/.test(p.message)
        ? '"in" is a CEL keyword: for stage stats write records.input'
        : p.hint
    report.report(
      p.kind === 'nullable' ? 'warning' : 'error',
      CODES[p.kind],
      at(p.range),
      p.message,
      hint,
    )
  }
  return result.checked
}
