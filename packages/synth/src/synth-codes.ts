import { defineErrorCodes } from '@runink/core'

/** Error codes of synthetic data generation. */
export const SynthCodes = defineErrorCodes({
  /** No value satisfies a field's rules (typically a CEL check, or unique over a small domain). */
  RUNINK_SYNTH_UNSATISFIABLE: 'input',
  /** The record count is not a non-negative integer. */
  RUNINK_SYNTH_BAD_COUNT: 'input',
})
