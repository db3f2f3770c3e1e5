import type { Contract, FieldSpec } from '../model/index.js'
import { copyRecord, isPlainObject, setOwn } from '../safe-object.js'

type Roles = ReadonlySet<string>

// A field without `access` is visible to all; an array whose elements carry an access role the
// reader lacks is hidden whole, since its elements are its content.
const visible = (spec: FieldSpec, roles: Roles): boolean =>
  (spec.access === undefined || roles.has(spec.access)) &&
  (spec.items === undefined || visible(spec.items, roles))

/** The spec as seen with `roles`: hidden members removed at any depth. */
function viewField(spec: FieldSpec, roles: Roles): FieldSpec {
  if (spec.fields !== undefined) return { ...spec, fields: viewFields(spec.fields, roles) }
  if (spec.items !== undefined) return { ...spec, items: viewField(spec.items, roles) }
  return spec
}

function viewFields(
  fields: Readonly<Record<string, FieldSpec>>,
  roles: Roles,
): Record<string, FieldSpec> {
  const out: Record<string, FieldSpec> = {}
  for (const [name, spec] of Object.entries(fields))
    if (visible(spec, roles))
      Object.defineProperty(out, name, {
        value: viewField(spec, roles),
        enumerable: true,
        writable: true,
        configurable: true,
      })
  return out
}

/** The contract of the view `roleView(contract, roles)` gives: for validating that view. */
export function viewContract(contract: Contract, roles: readonly string[]): Contract {
  return { ...contract, fields: viewFields(contract.fields, new Set(roles)) }
}

function viewValue(spec: FieldSpec, value: unknown, roles: Roles): unknown {
  if (spec.fields !== undefined && isPlainObject(value))
    return viewRecord(spec.fields, value, roles)
  const items = spec.items
  if (items !== undefined && Array.isArray(value))
    return value.map((v: unknown) => viewValue(items, v, roles))
  return value
}

function viewRecord(
  fields: Readonly<Record<string, FieldSpec>>,
  record: Readonly<Record<string, unknown>>,
  roles: Roles,
): Record<string, unknown> {
  const out = copyRecord(record)
  for (const [name, spec] of Object.entries(fields)) {
    if (!Object.hasOwn(record, name)) continue
    if (!visible(spec, roles)) delete out[name]
    else setOwn(out, name, viewValue(spec, record[name], roles))
  }
  return out
}

/**
 * A function giving the view of a record for a reader holding `roles`: every declared field (at
 * any depth) whose `access` role is not among them is left out. Undeclared members pass through,
 * as the contract's unknown-field policy governs them. Records are copied, never changed.
 */
export function roleView(
  contract: Contract,
  roles: readonly string[],
): (record: Readonly<Record<string, unknown>>) => Record<string, unknown> {
  const held = new Set(roles)
  return (record) => viewRecord(contract.fields, record, held)
}
