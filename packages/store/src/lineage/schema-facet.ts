import type { Contract, FieldSpec } from '@runink/contracts'
import { facetBase } from './openlineage-spec.js'

/** One field of an OpenLineage `schema` facet. */
export interface OlSchemaField {
  readonly name: string
  readonly type: string
  readonly description?: string
  readonly ordinal_position: number
  readonly fields?: OlSchemaField[]
}

function toField(name: string, spec: FieldSpec, position: number): OlSchemaField {
  // Arrays of objects describe their element's members, as nested struct fields.
  const members = spec.fields ?? spec.items?.fields
  const type = spec.type === 'array' && spec.items ? `array<${spec.items.type}>` : spec.type
  return {
    name,
    type,
    ordinal_position: position,
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    ...(members
      ? { fields: Object.entries(members).map(([n, s], i) => toField(n, s, i + 1)) }
      : {}),
  }
}

/** The `schema` dataset facet of a contract: its fields, in declaration order, nested. */
export function schemaFacet(contract: Contract): Record<string, unknown> {
  return {
    ...facetBase('schema'),
    fields: Object.entries(contract.fields).map(([name, spec], i) => toField(name, spec, i + 1)),
  }
}
