import type { Contract, FieldSpec } from '@runink/contracts'
import { compileValidator } from '@runink/contracts'

/** Whether a candidate value satisfies a field's own rules. */
export type Fits = (value: unknown) => boolean

/**
 * The value rules of `spec` alone: type, enum, bounds, length, pattern and format. Presence,
 * uniqueness, checks and masking are handled by the generator, and members of arrays and objects
 * are generated (and tested) one by one, so they are left out.
 */
function valueRules(spec: FieldSpec): FieldSpec {
  const { check: _c, mask: _m, items: _i, fields: _f, ...rest } = spec
  return { ...rest, required: true, nullable: false, unique: false, unknown_fields: 'keep' }
}

/**
 * Tests of candidate values against fields' rules, compiled once per spec with the validator
 * itself, so synthetic values are judged exactly as records will be.
 */
export class LeafFit {
  private readonly cache = new Map<FieldSpec, Fits>()

  /** The test of `spec`'s own value rules. */
  of(spec: FieldSpec): Fits {
    let fits = this.cache.get(spec)
    if (fits === undefined) {
      const contract: Contract = {
        contract: 'synth_leaf',
        version: '0.0.0',
        unknown_fields: 'keep',
        fields: { v: valueRules(spec) },
      }
      const validator = compileValidator(contract, { mode: 'strict', maxErrors: 1 })
      fits = (value) => validator.validate({ v: value }).valid
      this.cache.set(spec, fits)
    }
    return fits
  }
}
