import type { StoredContract } from '@runink/store'
import type { ContractEntry } from './barn-reader.js'

/** A registered contract without its document, its fields in the Barn's order. */
export function contractEntry(c: Omit<StoredContract, 'document'>): ContractEntry {
  return {
    herd: c.herd,
    hash: c.hash,
    name: c.name,
    version: c.version,
    createdAt: c.createdAt,
    createdBy: c.createdBy,
  }
}
