import { parseCel } from '@runink/contracts'
import { StageError } from './stage-error.js'

/** A compiled CEL expression: evaluate with named variables. */
export type CelFunction = (vars: Record<string, unknown>) => unknown

/** Compiles a CEL expression once (never `eval`); `what` names it in errors. */
export function compileCel(source: string, what: string): CelFunction {
  let fn: (vars: Record<string, unknown>) => unknown
  try {
    // RE2 `matches()`: a filter or when over hostile records stays linear in their size.
    fn = parseCel(source) as unknown as (vars: Record<string, unknown>) => unknown
  } catch (error) {
    throw new StageError('RUNINK_STAGE_BAD_EXPRESSION', `${what}: ${firstLine(error)}`, {
      expression: source,
    })
  }
  return (vars) => fn(vars)
}

/** The first line of an error's message (CEL errors carry a source excerpt after it). */
export function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''
}
