import type { FieldSpec, LoadedContract } from '@runink/contracts'

const NUMERIC = new Set(['int', 'float', 'decimal'])

function typeFits(from: FieldSpec, to: FieldSpec): boolean {
  if (to.type === 'json' || from.type === to.type) return true
  // Numbers widen (int → float/decimal) and float and decimal are both JS numbers.
  if (NUMERIC.has(from.type) && NUMERIC.has(to.type)) return to.type !== 'int'
  return to.type === 'timestamp' && from.type === 'date'
}

/**
 * Why records satisfying `from` would not satisfy `to` by shape (missing required fields,
 * incompatible types, fields `to` rejects as unknown). Value rules (enum, min, pattern) are not
 * compared: records that break them become invalid and are routed at run time.
 */
export function incompatibilities(from: LoadedContract, to: LoadedContract): string[] {
  if (from.ref === to.ref) return []
  const reasons: string[] = []
  const f = from.model.fields
  const t = to.model.fields
  for (const [name, spec] of Object.entries(t)) {
    const have = f[name]
    if (have === undefined) {
      if (spec.required)
        reasons.push(`${name} is required by ${to.ref} but ${from.ref} has no such field`)
    } else if (!typeFits(have, spec))
      reasons.push(`${name} is ${have.type} in ${from.ref} but ${spec.type} in ${to.ref}`)
  }
  if (to.model.unknown_fields === 'reject')
    for (const name of Object.keys(f))
      if (t[name] === undefined)
        reasons.push(`${name} of ${from.ref} would be rejected as unknown by ${to.ref}`)
  return reasons
}
