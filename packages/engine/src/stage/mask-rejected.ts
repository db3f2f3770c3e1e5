import { createMasker, type Contract, type Masker, type TokenVault } from '@runink/contracts'
import type { DataRecord } from '../connectors/index.js'
import { nodeHmacSha256Hex } from '@runink/node'
import type { SliceJob } from './slice-job.js'

/** Masks a record rejected at a source, given the contract it failed against. */
export type MaskRejected = (record: DataRecord, against: Contract | undefined) => DataRecord

/**
 * What a stage that masks does with records rejected at its source. They never reach its
 * `mask` step, yet they go to sinks (dead-letter files): so they are masked here, first by the
 * `mask` tags of the contract they failed against (the raw field names), then by the stage
 * contract's (what the `mask` step applies). Masking is idempotent, so a field tagged in both
 * is masked once. A stage without a `mask` step sends them as read, like its valid records.
 */
export function maskRejected(job: SliceJob, vault: TokenVault): MaskRejected {
  const masks = job.steps.some((s) => s.kind === 'builtin' && s.name === 'mask')
  if (!masks) return (record) => record
  const hmac = nodeHmacSha256Hex()
  const maskers = new Map<Contract, Masker>()
  const maskerOf = (contract: Contract): Masker => {
    let masker = maskers.get(contract)
    if (!masker) {
      masker = createMasker(contract, { hashKey: job.maskKey, vault, hmac })
      maskers.set(contract, masker)
    }
    return masker
  }
  const stage = maskerOf(job.contract)
  return (record, against) =>
    stage.mask(against && against !== job.contract ? maskerOf(against).mask(record) : record)
}
