import { compileCel, firstLine } from '../stage/cel-expression.js'
import type { StageStats } from './stage-stats.js'

/** A failed `@assert`: the expression and the values it saw. */
export interface AssertFailure {
  readonly expression: string
  readonly message: string
}

const int = (n: number): bigint => BigInt(Math.round(n))
const ints = (m: Readonly<Record<string, number>>): Map<string, bigint> =>
  new Map(Object.entries(m).map(([k, v]) => [k, int(v)]))

/** The stats as the DSL's ASSERT_VARIABLES declare them (CEL ints as BigInt). */
function celStats(stats: StageStats): Record<string, unknown> {
  return {
    records: {
      input: int(stats.records.in),
      output: int(stats.records.out),
      out: int(stats.records.out),
    },
    valid: { count: int(stats.valid.count), ratio: stats.valid.ratio },
    invalid: { count: int(stats.invalid.count), ratio: stats.invalid.ratio },
    filtered: { count: int(stats.filtered) },
    added: { count: int(stats.added) },
    unrouted: { count: int(stats.unrouted) },
    sinks: ints(stats.sinks),
    metrics: ints(stats.metrics),
    duration_ms: int(stats.durationMs),
  }
}

/** Evaluates a stage's `@assert` expressions over its stats; returns the failures. */
export function evaluateAsserts(asserts: readonly string[], stats: StageStats): AssertFailure[] {
  const vars = celStats(stats)
  const actual =
    `records.input=${stats.records.in}, records.output=${stats.records.out}, valid.count=${stats.valid.count}, ` +
    `invalid.count=${stats.invalid.count}, invalid.ratio=${stats.invalid.ratio.toFixed(4)}, filtered.count=${stats.filtered}`
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
