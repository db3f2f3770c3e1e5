import type { Clock, IdGenerator } from '@runink/core'
import type { Kysely, Transaction } from 'kysely'
import type { BarnSchema } from './db/schema.js'
import type { AuditSeal } from './audit/audit-seal.js'
import type { ObjectStore } from './objects/object-store.js'

/** A Kysely handle: the database, or a transaction on it. */
export type Db = Kysely<BarnSchema> | Transaction<BarnSchema>

/** What every repository shares: the database, time, ids and who is acting. */
export interface BarnContext {
  readonly db: Kysely<BarnSchema>
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly objects: ObjectStore
  /** The actor recorded on audit entries when a call names none. */
  readonly actor: string
  /**
   * Herds known to exist in committed rows (herds are never deleted), so writes need not make
   * sure of them again: filled when the Barn opens and after each committed `herds.ensure`.
   */
  readonly knownHerds: Set<string>
  /** The audit seal (key kept outside the Barn); absent when no key folder was configured. */
  readonly seal?: AuditSeal
}
