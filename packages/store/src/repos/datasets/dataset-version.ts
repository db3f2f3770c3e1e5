import type { DatasetVersion as ProtocolDatasetVersion } from '@runink/protocol'
import { formatDatasetRef } from '@runink/core'
import type { Selectable } from 'kysely'
import { toNumber, type BarnSchema } from '../../db/schema.js'

/** An immutable, numbered version of a dataset: protocol's, with where and when it was made. */
export interface DatasetVersion extends ProtocolDatasetVersion {
  readonly herd: string
  readonly runId: string | null
  readonly stageRunId: string | null
  readonly createdAt: Date
}

/** A dataset with its latest version. */
export interface DatasetSummary {
  readonly herd: string
  readonly name: string
  readonly versions: number
  readonly latest: DatasetVersion | null
}

/** Maps a dataset_versions row. */
export function toVersion(r: Selectable<BarnSchema['dataset_versions']>): DatasetVersion {
  return {
    id: r.id,
    herd: r.herd,
    name: r.name,
    version: r.version,
    ref: formatDatasetRef(r),
    contentHash: r.content_hash,
    contractHash: r.contract_hash,
    size: toNumber(r.size),
    recordCount: toNumber(r.record_count),
    format: r.format,
    objectKey: r.object_key,
    runId: r.run_id,
    stageRunId: r.stage_run_id,
    createdAt: r.created_at,
  }
}
