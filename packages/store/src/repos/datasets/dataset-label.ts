import { formatDatasetRef } from '@runink/core'
import type { Kysely } from 'kysely'
import type { BarnSchema } from '../../db/schema.js'
import { DEFAULT_HERD } from '../governance/herds-repo.js'

/** The dataset versions stored under an object key, for messages (`dataset://a@1, …`). */
export async function datasetLabelOf(
  db: Kysely<BarnSchema>,
  key: string,
): Promise<string | undefined> {
  const rows = await db
    .selectFrom('dataset_versions')
    .select(['herd', 'name', 'version'])
    .where('object_key', '=', key)
    .orderBy('herd')
    .orderBy('name')
    .orderBy('version')
    .limit(6)
    .execute()
  if (rows.length === 0) return undefined
  const names = rows
    .slice(0, 5)
    .map((r) => formatDatasetRef(r) + (r.herd === DEFAULT_HERD ? '' : ` (herd ${r.herd})`))
  return names.join(', ') + (rows.length > 5 ? ', …' : '')
}
