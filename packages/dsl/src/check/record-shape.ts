import type { FieldSpec, LoadedContract } from '@runink/contracts'

/** A CEL type name, or a nested object schema (for `registerVariable({ schema })`). */
export type CelSchema = string | { readonly [field: string]: CelSchema }

/**
 * What the checker knows about the records at one point of a stage: the fields and their CEL
 * types (`fields`), or nothing (`fields` undefined: after `sql`, an untyped step, …), in which
 * case expressions over `record` are checked for syntax only.
 */
export interface RecordShape {
  /** Where the shape comes from, for messages: `contract trade`, `the output of sql`. */
  readonly label: string
  readonly fields?: Readonly<Record<string, CelSchema>>
  /** The contract the records satisfy exactly, when they do. */
  readonly contract?: LoadedContract
  /** Top-level fields that may be null or absent (not `required`, or `nullable`). */
  readonly nullable?: ReadonlySet<string>
}

/** The shape nothing is known about. */
export const openShape = (label: string): RecordShape => ({ label })

/** The CEL type of a contract field, as the engine hands values to CEL. */
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
        : schemaOfFields(spec.fields)
    case 'json':
      return 'dyn'
  }
}

function schemaOfFields(fields: Readonly<Record<string, FieldSpec>>): Record<string, CelSchema> {
  const out: Record<string, CelSchema> = {}
  for (const [name, spec] of Object.entries(fields)) out[name] = celSchemaOf(spec)
  return out
}

/**
 * The shape of records that satisfy a contract. A contract that keeps unknown fields may carry
 * any field, so only its syntax can be checked.
 */
export function shapeOfContract(c: LoadedContract): RecordShape {
  const label = `contract ${c.model.contract}`
  if (c.model.unknown_fields === 'keep') return { label, contract: c }
  const nullable = new Set(
    Object.entries(c.model.fields)
      .filter(([, f]) => !f.required || f.nullable)
      .map(([name]) => name),
  )
  return { label, fields: schemaOfFields(c.model.fields), contract: c, nullable }
}

/**
 * The same shape with fields replaced; it no longer matches its contract exactly. `change`
 * edits the fields and the set of nullable ones (fields that are gone leave it by themselves).
 */
export function reshape(
  shape: RecordShape,
  label: string,
  change: (fields: Record<string, CelSchema>, nullable: Set<string>) => void,
): RecordShape {
  if (shape.fields === undefined) return openShape(label)
  const fields = { ...shape.fields }
  const nullable = new Set(shape.nullable)
  change(fields, nullable)
  for (const n of nullable) if (fields[n] === undefined) nullable.delete(n)
  return { label, fields, nullable }
}

/** The fields of the nested object at `path` inside a shape, for "did you mean". */
export function fieldsAt(
  fields: Readonly<Record<string, CelSchema>> | undefined,
  path: readonly string[],
): string[] {
  let at: CelSchema | undefined = fields
  for (const p of path) at = typeof at === 'object' ? at[p] : undefined
  return typeof at === 'object' ? Object.keys(at) : []
}
