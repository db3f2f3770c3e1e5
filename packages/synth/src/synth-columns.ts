import type { Contract } from '@runink/contracts'

/** CSV column order for synthetic records: the contract's top-level fields in declaration order. */
export function synthCsvColumns(contract: Contract): string[] {
  return Object.keys(contract.fields)
}
