import { didYouMeanHint, RuninkError } from '@runink/core'
import type { Kysely } from 'kysely'
import type { BarnSchema } from '../../db/schema.js'
import { StoreErrors } from '../../errors.js'
import { formatDatasetRef, type DatasetRef } from '@runink/core'
import { DEFAULT_HERD } from '../governance/herds-repo.js'

/** How many dataset names a not-found message lists before "and N more". */
const LISTED = 10

/**
 * The error for a dataset version that is not there, saying what is: the versions of that
 * dataset, or the datasets of the Barn (those of other herds marked so) with the closest name.
 */
export async function datasetNotFound(
  db: Kysely<BarnSchema>,
  ref: DatasetRef,
  herd: string,
): Promise<RuninkError> {
  const rows = await db
    .selectFrom('dataset_versions')
    .select(['herd', 'name'])
    .select((eb) => eb.fn.max('version').as('latest'))
    .groupBy(['herd', 'name'])
    .orderBy('herd')
    .orderBy('name')
    .execute()
  const wanted = formatDatasetRef(ref)
  const inHerd = herd === DEFAULT_HERD ? '' : ` in herd ${herd}`
  const same = rows.find((r) => r.herd === herd && r.name === ref.name)
  let message: string
  if (same) {
    message = `no dataset version ${wanted}${inHerd}: its versions are 1 to ${Number(same.latest)}`
  } else if (rows.length === 0) {
    message = `no dataset ${wanted}${inHerd}: the Barn holds no datasets yet`
  } else {
    const label = (r: { herd: string; name: string }): string =>
      r.herd === herd ? r.name : `${r.name} (herd ${r.herd})`
    const names = rows.map(label)
    const listed =
      names.slice(0, LISTED).join(', ') +
      (names.length > LISTED ? `, and ${names.length - LISTED} more` : '')
    const hint = didYouMeanHint(
      ref.name,
      rows.map((r) => r.name),
    )
    const elsewhere = rows.filter((r) => r.name === ref.name).map((r) => r.herd)
    message =
      elsewhere.length > 0
        ? `no dataset ${wanted}${inHerd}; herd ${elsewhere.join(', ')} has one`
        : `no dataset ${wanted}${inHerd}${hint}; the Barn holds ${listed}`
  }
  return new RuninkError(StoreErrors.RUNINK_STORE_NOT_FOUND, message, {
    details: { what: 'dataset version', id: wanted, herd },
  })
}
