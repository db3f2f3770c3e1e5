import type { Kysely } from 'kysely'
import type { BarnSchema } from './schema.js'

/** Which engine holds the Barn. */
export const DatabaseKind = { pglite: 'pglite', postgres: 'postgres' } as const
export type DatabaseKind = (typeof DatabaseKind)[keyof typeof DatabaseKind]

/** Runs a multi-statement SQL script on one session; returns the last statement's rows. */
export type ExecScript = (script: string) => Promise<Array<Record<string, unknown>>>

/** The Barn's database: one typed query layer over PGlite or PostgreSQL. */
export interface BarnDatabase {
  readonly kind: DatabaseKind
  readonly db: Kysely<BarnSchema>
  /** Runs fn with exclusive use of one session (migrations, session-level locks). */
  withSession<T>(fn: (exec: ExecScript) => Promise<T>): Promise<T>
  close(): Promise<void>
}
