import type { FieldSpec } from './contract.js'
import type { FieldType } from './vocabularies.js'

/** A normalised field spec: every flag false unless `extra` sets it (handy for models in code). */
export function fieldSpec(type: FieldType, extra: Partial<FieldSpec> = {}): FieldSpec {
  return {
    type,
    required: false,
    nullable: false,
    unique: false,
    pii: false,
    join_key: false,
    ...extra,
  }
}
