import type { Severity } from '@runink/core'
import { stageIdOf } from '../check/stage-id.js'
import { parseFeature } from '../syntax/parse-feature.js'
import type { Diagnostic } from './diagnostic.js'
import type { DslCode } from './dsl-codes.js'
import { LineIndex } from './line-index.js'

/** Where in a stage a problem found outside the compiler is: its n-th `@source` or `@step`. */
export interface StagePlace {
  readonly stage: string
  readonly annotation: 'source' | 'step' | 'sink'
  /** 0-based, in the order written (the plan keeps that order). */
  readonly index: number
}

/** What a check outside the compiler found (the Barn, DuckDB), to be located in the file. */
export interface StageProblem {
  readonly code: DslCode
  readonly severity: Severity
  readonly message: string
  readonly hint?: string
}

/**
 * A diagnostic for a problem that `runi check` finds outside the compiler (a dataset the Barn
 * lacks, a query DuckDB refuses), located at the annotation of the compiled feature file
 * `text` it concerns; at the file when the annotation cannot be found.
 */
export function stageDiagnostic(
  file: string,
  text: string,
  place: StagePlace,
  problem: StageProblem,
): Diagnostic {
  const base: Diagnostic = {
    code: problem.code,
    severity: problem.severity,
    message: problem.message,
    file,
    ...(problem.hint === undefined ? {} : { hint: problem.hint }),
  }
  const scenario = parseFeature(text, file).ast.scenarios.find(
    (s) => stageIdOf(s.title) === place.stage,
  )
  const a = scenario?.annotations.filter((x) => x.name === place.annotation)[place.index]
  if (a === undefined) return base
  const index = new LineIndex(text)
  const start = index.position(a.span.start)
  const end = index.position(a.span.end)
  return {
    ...base,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
  }
}
