import { didYouMeanHint, RuninkError } from '@runink/core'
import type { Kysely } from 'kysely'
import type { BarnSchema } from '../../db/schema.js'
import { StoreErrors } from '../../errors.js'

/** How many of the latest runs a not-found message names. */
const LATEST = 3

/**
 * The error for a run id that is not there, saying what is: the one run whose id starts with it
 * (ids are long; people paste part of one), else the closest of the latest runs, and the latest.
 */
export async function runNotFound(db: Kysely<BarnSchema>, id: string): Promise<RuninkError> {
  const pattern = `${id.replaceAll(/[\\%_]/g, (c) => `\\${c}`)}%`
  const starting = await db
    .selectFrom('runs')
    .select('id')
    .where('id', 'like', pattern)
    .limit(2)
    .execute()
  const latest = await db
    .selectFrom('runs')
    .select(['id', 'status'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(LATEST)
    .execute()
  const only = starting.length === 1 ? starting[0]?.id : undefined
  const hint =
    only !== undefined
      ? ` (did you mean "${only}"?)`
      : didYouMeanHint(
          id,
          latest.map((r) => r.id),
        )
  const known =
    latest.length === 0
      ? '; the Barn has no runs yet'
      : `; the latest: ${latest.map((r) => `${r.id} (${r.status})`).join(', ')}`
  return new RuninkError(StoreErrors.RUNINK_STORE_NOT_FOUND, `no run ${id}${hint}${known}`, {
    details: { what: 'run', id },
  })
}
