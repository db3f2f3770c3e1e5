import { RuninkError } from '@runink/core'
import type { Contract } from '@runink/contracts'
import { compileValidator } from '@runink/contracts'
import { CheckRepair } from './check-repair.js'
import { objectOf } from './field-value.js'
import { createSynthContext } from './synth-context.js'
import { SynthCodes } from './synth-codes.js'
import { unsatisfiable } from './unsatisfiable.js'

/** Options of {@link synthesize}. */
export interface SynthOptions {
  /** The same seed gives the same records, on any machine. */
  readonly seed: string | number
  /** How many records to produce. */
  readonly count: number
}

/** Attempts at one record before giving up (each redraws every field). */
const RECORD_TRIES = 10

/**
 * Seeded, deterministic synthetic records that are valid against `contract` in strict mode:
 * plausible values from field names and formats, constrained to every rule, `unique` fields
 * without repeats within one call, optional fields sometimes left out and nullable ones
 * sometimes null. Masked fields get plain values. Throws `RUNINK_SYNTH_UNSATISFIABLE` when a
 * field's rules (typically a CEL `check` or `unique` over a small domain) cannot be met.
 */
export function* synthesize(
  contract: Contract,
  options: SynthOptions,
): Generator<Record<string, unknown>> {
  const { count, seed } = options
  if (!Number.isSafeInteger(count) || count < 0)
    throw new RuninkError(
      SynthCodes.RUNINK_SYNTH_BAD_COUNT,
      `count must be a non-negative integer, not ${count}`,
    )
  const ctx = createSynthContext(seed)
  // The validator is a final guard: a record it rejects is drawn again, never yielded.
  const validator = compileValidator(contract, { mode: 'strict', maxErrors: 1 })
  const checks = new CheckRepair(ctx, contract)
  for (let i = 0; i < count; i++) {
    let lastError = ''
    let done = false
    for (let attempt = 0; attempt < RECORD_TRIES && !done; attempt++) {
      const mark = ctx.unique.mark()
      const record = objectOf(ctx, contract.fields, '')
      checks.repair(record)
      const result = validator.validate(record)
      if (result.valid) {
        ctx.unique.commit()
        done = true
        yield record
      } else {
        ctx.unique.rollback(mark)
        lastError = result.errors[0]?.message ?? ''
      }
    }
    if (!done)
      throw unsatisfiable(`record ${i + 1}`, `no valid record could be built (${lastError})`)
  }
}
