import { init } from './0001-init.js'
import { herdEgress } from './0002-herd-egress.js'

/** One schema step: applied once, in version order, and recorded in `schema_migrations`. */
export interface Migration {
  readonly version: number
  readonly name: string
  readonly sql: string
}

/** Every migration this code knows, oldest first. Append only: never edit a shipped one. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'init', sql: init },
  { version: 2, name: 'herd-egress', sql: herdEgress },
]
