import type { FieldSpec } from '@runink/contracts'

/** A value in the form CEL evaluates it: `int` values become BigInt (CEL integers), deeply. */
export function celValue(spec: FieldSpec | undefined, value: unknown): unknown {
  if (spec === undefined || value === null || value === undefined) return value
  switch (spec.type) {
    case 'int':
      return Number.isSafeInteger(value) ? BigInt(value as number) : value
    case 'array':
      return Array.isArray(value) ? value.map((item: unknown) => celValue(spec.items, item)) : value
    case 'object':
      return typeof value === 'object' && !Array.isArray(value)
        ? celRecord(spec.fields ?? {}, value as Record<string, unknown>)
        : value
    default:
      return value
  }
}

/** An object's members in CEL form. */
export function celRecord(
  fields: Readonly<Record<string, FieldSpec>>,
  record: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(record)) {
    const value = celValue(Object.hasOwn(fields, key) ? fields[key] : undefined, record[key])
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true })
  }
  return out
}
