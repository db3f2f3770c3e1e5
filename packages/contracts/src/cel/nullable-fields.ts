import type { FieldSpec } from '../model/index.js'

/** The fields that may be null or absent in a valid record: not `required`, or `nullable`. */
export function nullableFields(fields: Readonly<Record<string, FieldSpec>>): Set<string> {
  return new Set(
    Object.entries(fields)
      .filter(([, f]) => !f.required || f.nullable)
      .map(([name]) => name),
  )
}
