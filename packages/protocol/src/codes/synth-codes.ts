import { codesOf, type CodeTable } from './error-kind.js'

/** Every error code of `@runink/synth` with its kind, by the constant that names it. */
export const SYNTH_CODE_KINDS = {
  /** Error codes of synthetic data generation. */
  SynthCodes: {
    /** No value satisfies a field's rules (typically a CEL check, or unique over a small domain). */
    RUNINK_SYNTH_UNSATISFIABLE: 'input',
    /** The record count is not a non-negative integer. */
    RUNINK_SYNTH_BAD_COUNT: 'input',
  },
} as const satisfies Readonly<Record<string, CodeTable>>

/** Error codes of synthetic data generation. */
export const SynthCodes = codesOf(SYNTH_CODE_KINDS.SynthCodes)
