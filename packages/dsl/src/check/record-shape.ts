import {
  celSchemaOfFields,
  nullableFields,
  type CelSchema,
  type LoadedContract,
} from '@runink/contracts'

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

/**
 * The shape of records that satisfy a contract. A contract that keeps unknown fields may carry
 * any field, so only its syntax can be checked.
 */
export function shapeOfContract(c: LoadedContract): RecordShape {
  const label = `contract ${c.model.contract}`
  if (c.model.unknown_fields === 'keep') return { label, contract: c }
  const nullable = nullableFields(c.model.fields)
  return { label, fields: celSchemaOfFields(c.model.fields), contract: c, nullable }
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
