import { compileCel, firstLine } from '../stage/cel-expression.js'
import type { StageStats } from './stage-stats.js'

/** A failed `@assert`: the expression and the values it saw. */
export interface AssertFailure {
  readonly expression: string
  readonly message: string
}

/** CEL needs ints as BigInt: counts become ints, ratios stay doubles. */
function celStats(stats: StageStats): Record<string, unknown> {
  const int = (n: number): bigint => BigInt(Math.round(n))
  return {
    records: { in: int(stats.records.in), out: int(stats.records.out) },
    valid: { count: int(stats.valid.count), ratio: stats.valid.ratio },
    invalid: { count: int(stats.invalid.count), ratio: stats.invalid.ratio },
    duration: { ms: int(stats.duration.ms) },
  }
}

/** Evaluates a stage's `@assert` expressions over its stats; returns the failures. */
export function evaluateAsserts(asserts: readonly string[], stats: StageStats): AssertFailure[] {
  const vars = celStats(stats)
  const actual = `records.in=${stats.records.in}, records.out=${stats.records.out}, valid.count=${stats.valid.count}, invalid.count=${stats.invalid.count}, invalid.ratio=${stats.invalid.ratio.toFixed(4)}`
  const failures: AssertFailure[] = []
  for (const expression of asserts) {
    let result: unknown
    try {
      result = compileCel(expression, `@assert("${expression}")`)(vars)
    } catch (error) {
      failures.push({
        expression,
        message: `@assert("${expression}") could not be evaluated: ${firstLine(error)}`,
      })
      continue
    }
    if (result !== true)
      failures.push({ expression, message: `@assert("${expression}") failed with ${actual}` })
  }
  return failures
}
