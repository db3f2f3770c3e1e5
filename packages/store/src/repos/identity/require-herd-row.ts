import type { Db } from '../../barn-context.js'
import { notFound } from '../not-found.js'

/** Fails with RUNINK_STORE_NOT_FOUND unless the herd exists (read in db, e.g. a transaction). */
export async function requireHerdRow(db: Db, herd: string): Promise<void> {
  const known = await db
    .selectFrom('herds')
    .select('name')
    .where('name', '=', herd)
    .executeTakeFirst()
  if (!known) throw notFound('herd', herd)
}
