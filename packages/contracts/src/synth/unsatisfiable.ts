import { RuninkError } from '@runink/core'
import { SynthCodes } from './synth-codes.js'

/** The error for a field no synthetic value could satisfy. */
export function unsatisfiable(path: string, why: string): RuninkError {
  return new RuninkError(SynthCodes.RUNINK_SYNTH_UNSATISFIABLE, `${path}: ${why}`, {
    details: { path },
  })
}
