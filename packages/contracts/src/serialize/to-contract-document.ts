import { stringify } from 'yaml'
import type { Contract, FieldSpec } from '../model/index.js'

/** Flags that are written only when true: the file format's defaults are false. */
const FLAGS = ['required', 'nullable', 'unique', 'pii', 'join_key'] as const

function fieldDocument(spec: FieldSpec): Record<string, unknown> {
  const out: Record<string, unknown> = { type: spec.type }
  for (const flag of FLAGS) if (spec[flag]) out[flag] = true
  for (const [key, value] of Object.entries(spec)) {
    if (key === 'type' || (FLAGS as readonly string[]).includes(key) || value === undefined)
      continue
    if (key === 'items') out.items = fieldDocument(value as FieldSpec)
    else if (key === 'fields') out.fields = fieldsDocument(value as Record<string, FieldSpec>)
    else out[key] = value
  }
  return out
}

function fieldsDocument(fields: Readonly<Record<string, FieldSpec>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, fieldDocument(v)]))
}

/** The contract as a file would say it: default-false flags left out, field order kept. */
export function toContractDocument(model: Contract): Record<string, unknown> {
  const { fields, ...head } = model
  return { ...head, fields: fieldsDocument(fields) }
}

/** The contract as YAML text, loadable back into the same model. */
export function contractToYaml(model: Contract): string {
  return stringify(toContractDocument(model), { lineWidth: 0, flowCollectionPadding: false })
}
