import type { ValidationMode } from '@runink/core'
import type { Contract, FieldSpec, Rule } from '../model/index.js'
import { compileValidator } from '../validate/index.js'

/** Rounds of loosening before giving up on a perfect fit (each fixes every rule reported). */
const ROUNDS = 5

type Fields = Readonly<Record<string, FieldSpec>>

/** The spec at a validator path (`a.b`, `legs[3].qty`), if any. */
function specAt(fields: Fields, path: string): FieldSpec | undefined {
  let spec: FieldSpec | undefined
  let members: Fields | undefined = fields
  for (const part of path.split('.')) {
    const [key, ...indexes] = part.split('[')
    spec =
      members !== undefined && key !== undefined && Object.hasOwn(members, key)
        ? members[key]
        : undefined
    for (let i = 0; i < indexes.length && spec !== undefined; i++) spec = spec.items
    members = spec?.fields
  }
  return spec
}

/** `spec` loosened so that `rule` no longer fails. */
function loosen(spec: FieldSpec, rule: Rule, mode: ValidationMode): FieldSpec {
  switch (rule) {
    case 'required':
      return { ...spec, required: false }
    case 'nullable':
      return { ...spec, nullable: true }
    case 'format':
    case 'enum': {
      const { [rule]: _, ...rest } = spec
      return rest
    }
    case 'type': {
      const { format: _f, enum: _e, items: _i, fields: _o, ...rest } = spec
      return { ...rest, type: mode === 'coerce' ? 'string' : 'json' }
    }
    default:
      return spec
  }
}

/** `fields` with the spec at `path` replaced. */
function replaced(fields: Fields, path: string, make: (s: FieldSpec) => FieldSpec): Fields {
  const dot = path.indexOf('.')
  const head = dot === -1 ? path : path.slice(0, dot)
  const key = head.split('[')[0] as string
  const spec = fields[key]
  if (spec === undefined) return fields
  let next: FieldSpec
  if (dot === -1 && !head.includes('[')) next = make(spec)
  else {
    const rest = dot === -1 ? '' : path.slice(dot + 1)
    const depth = head.split('[').length - 1
    const walk = (s: FieldSpec, d: number): FieldSpec => {
      if (d > 0) return s.items === undefined ? s : { ...s, items: walk(s.items, d - 1) }
      return rest === '' ? make(s) : { ...s, fields: replaced(s.fields ?? {}, rest, make) }
    }
    next = walk(spec, depth)
  }
  return { ...fields, [key]: next }
}

/**
 * The draft loosened until it validates every record: a safety net under the inference rules
 * (which should already fit); each loosening is noted.
 */
export function fitToRecords(
  draft: Contract,
  records: readonly Record<string, unknown>[],
  mode: ValidationMode,
  notes: string[],
): Contract {
  let contract = draft
  for (let round = 0; round < ROUNDS; round++) {
    const validator = compileValidator(contract, { mode })
    const failures = new Map<string, Rule>()
    for (const record of records) {
      const result = validator.validate(record)
      if (!result.valid) for (const e of result.errors) failures.set(`${e.path} ${e.rule}`, e.rule)
    }
    if (failures.size === 0) return contract
    let fields = contract.fields
    const done = new Set<string>()
    for (const [key, rule] of failures) {
      const path = key.slice(0, key.lastIndexOf(' ')).replace(/\[\d+\]/g, '[]')
      if (done.has(`${path} ${rule}`) || specAt(fields, path) === undefined) continue
      done.add(`${path} ${rule}`)
      fields = replaced(fields, path, (s) => loosen(s, rule, mode))
      notes.push(`${path}: ${rule} loosened so that every sample record validates`)
    }
    contract = { ...contract, fields }
  }
  return contract
}
