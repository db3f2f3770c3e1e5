import { RuninkError } from '@runink/core'
import { parseCel, type CelProgram } from '../cel/index.js'
import { ValidateCodes } from './validate-codes.js'

/** A compiled `check`: true when the value passes; throws when the expression cannot be evaluated. */
export type CheckFn = (value: unknown, record: unknown) => unknown

/** Parses a field's `check` once. */
export function compileCheck(expression: string, path: string): CheckFn {
  let program: CelProgram
  try {
    program = parseCel(expression)
  } catch (cause) {
    throw new RuninkError(
      ValidateCodes.RUNINK_VALIDATE_CONTRACT_INVALID,
      `${path}: check ${JSON.stringify(expression)} is not valid CEL: ${(cause as Error).message}`,
      { details: { path, rule: 'check', expression }, cause },
    )
  }
  return (value, record) => program({ value, record }) as unknown
}
