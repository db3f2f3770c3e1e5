import type { FieldSpec } from '../model/index.js'

/** A CEL type name, or a nested object schema (for cel-js `registerVariable({ schema })`). */
export type CelSchema = string | { readonly [field: string]: CelSchema }

/**
 * The CEL type of a contract field, as `celConverter` hands its values to CEL: int as `int`,
 * float and decimal as `double`, string, date and timestamp (ISO text) as `string`, arrays as
 * `list<…>`, objects with fields as their schema, json and empty objects as `dyn`.
 */
export function celSchemaOf(spec: FieldSpec): CelSchema {
  switch (spec.type) {
    case 'string':
    case 'date':
    case 'timestamp':
      return 'string'
    case 'int':
      return 'int'
    case 'float':
    case 'decimal':
      return 'double'
    case 'bool':
      return 'bool'
    case 'array': {
      const item = spec.items === undefined ? 'dyn' : celSchemaOf(spec.items)
      return `list<${typeof item === 'string' ? item : 'dyn'}>`
    }
    case 'object':
      return spec.fields === undefined || Object.keys(spec.fields).length === 0
        ? 'dyn'
        : celSchemaOfFields(spec.fields)
    case 'json':
      return 'dyn'
  }
}

/** The CEL schema of a record with `fields` (a contract's `record`). */
export function celSchemaOfFields(
  fields: Readonly<Record<string, FieldSpec>>,
): Record<string, CelSchema> {
  const out: Record<string, CelSchema> = {}
  for (const [name, spec] of Object.entries(fields)) out[name] = celSchemaOf(spec)
  return out
}
