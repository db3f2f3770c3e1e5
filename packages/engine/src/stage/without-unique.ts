import type { Contract, FieldSpec } from '@runink/contracts'

function field(spec: FieldSpec): FieldSpec {
  return {
    ...spec,
    unique: false,
    ...(spec.items ? { items: field(spec.items) } : {}),
    ...(spec.fields
      ? { fields: Object.fromEntries(Object.entries(spec.fields).map(([k, v]) => [k, field(v)])) }
      : {}),
  }
}

/**
 * The contract without `unique`: uniqueness is a property of the dataset a stage writes, so
 * records are checked for it at the output, after steps such as `dedupe` had their say.
 */
export function withoutUnique(contract: Contract): Contract {
  return {
    ...contract,
    fields: Object.fromEntries(Object.entries(contract.fields).map(([k, v]) => [k, field(v)])),
  }
}
