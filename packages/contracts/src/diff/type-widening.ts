import type { FieldType } from '../model/index.js'

// Every value valid under the old type stays valid under the new one, with its meaning: ints are
// numbers, floats fit decimals (both finite numbers), and `json` takes any JSON value. Decimal →
// float is not here: it loses the precision decimal promises.
const WIDENS: Partial<Readonly<Record<FieldType, readonly FieldType[]>>> = {
  int: ['float', 'decimal'],
  float: ['decimal'],
}

/** True when changing a field from `before` to `after` keeps every old value valid. */
export function isWidening(before: FieldType, after: FieldType): boolean {
  if (before === after || after === 'json') return true
  return WIDENS[before]?.includes(after) ?? false
}
