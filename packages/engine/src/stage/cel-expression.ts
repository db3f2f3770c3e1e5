import { celErrorLine, compileCelExpression, type CelFunction } from '@runink/contracts'
import { StageError } from './stage-error.js'

export type { CelFunction } from '@runink/contracts'

/**
 * Compiles a CEL expression once with `compileCelExpression` (RE2 `matches()`, `has()` meaning
 * present and not null, failures naming the null fields); `what` names it in errors. An
 * expression that does not compile is a `RUNINK_STAGE_BAD_EXPRESSION` StageError.
 */
export function compileCel(source: string, what: string): CelFunction {
  try {
    return compileCelExpression(source)
  } catch (error) {
    throw new StageError('RUNINK_STAGE_BAD_EXPRESSION', `${what}: ${firstLine(error)}`, {
      expression: source,
    })
  }
}

/** The first line of an error's message (CEL errors carry a source excerpt after it). */
export const firstLine = celErrorLine
