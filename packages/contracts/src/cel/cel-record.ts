import type { Contract, FieldSpec } from '../model/index.js'
import { fieldsConverter, type CelConvert } from './cel-converter.js'

/** Converters by the contract's fields, built on first use. */
const converters = new WeakMap<Readonly<Record<string, FieldSpec>>, CelConvert | null>()

/**
 * A record as CEL expressions at run time see it (`filter`, `derive`, `when`): int fields as
 * BigInt, results come back through `fromCel`. Every field of the contract is there: an absent
 * one reads as null, so `record.qty != null` is true or false, never a "no such key" failure
 * (and `has()` tests present and not null, see `compileCelExpression`). Without a contract the
 * record is handed over as it is.
 */
export function celRecord(
  record: Record<string, unknown>,
  contract: Contract | undefined,
): Record<string, unknown> {
  if (contract === undefined) return record
  let convert = converters.get(contract.fields)
  if (convert === undefined) {
    convert = fieldsConverter(contract.fields, { absent: 'null' }) ?? null
    converters.set(contract.fields, convert)
  }
  return convert === null ? record : (convert(record) as Record<string, unknown>)
}
