import type { Contract } from '../model/index.js'

/** CSV column order for synthetic records: the contract's top-level fields in declaration order. */
export function synthCsvColumns(contract: Contract): string[] {
  return Object.keys(contract.fields)
}
