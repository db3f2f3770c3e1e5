import { RuninkError } from '@runink/core'
import { SynthCodes } from './synth-codes.js'

/**
 * The error for a field no synthetic value could satisfy; `exhausted` when values fit but every
 * one of them was already used by a `unique` field.
 */
export function unsatisfiable(path: string, why: string, exhausted = false): RuninkError {
  return new RuninkError(SynthCodes.RUNINK_SYNTH_UNSATISFIABLE, `${path}: ${why}`, {
    details: { path, exhausted },
  })
}

/** True for the error of a unique field that ran out of unused values. */
export function isExhausted(error: unknown): boolean {
  return error instanceof RuninkError && error.details.exhausted === true
}
