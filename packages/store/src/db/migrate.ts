import { RuninkError } from '@runink/core'
import { StoreErrors } from '../errors.js'
import { MIGRATIONS, type Migration } from '../migrations/index.js'
import type { BarnDatabase, ExecScript } from './barn-database.js'

/** An arbitrary, fixed key: the session advisory lock that serialises migrating processes. */
const MIGRATION_LOCK = 73_110_001

/**
 * Applies pending migrations in order, each in its own transaction with its record; refuses a
 * database whose schema is newer than this code. Returns the versions applied now.
 */
export async function migrate(
  database: BarnDatabase,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  return database.withSession(async (exec) => {
    // Every command opens the Barn: one read settles the usual case (nothing to apply) without
    // the lock and the DDL below. A missing table, a gap or a newer schema takes the long way.
    if (await upToDate(exec, migrations)) return []
    await exec(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`)
    try {
      await exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`)
      const rows = await exec('SELECT version FROM schema_migrations ORDER BY version')
      const applied = new Set(rows.map((r) => Number(r['version'])))
      const known = Math.max(0, ...migrations.map((m) => m.version))
      const newest = Math.max(0, ...applied)
      if (newest > known) {
        throw new RuninkError(
          StoreErrors.RUNINK_STORE_SCHEMA_TOO_NEW,
          `the Barn's schema is at version ${newest}, newer than this runi understands (${known}); upgrade runi to open it`,
          { details: { databaseVersion: newest, codeVersion: known } },
        )
      }
      const done: number[] = []
      for (const m of migrations) {
        if (applied.has(m.version)) continue
        try {
          await exec(
            `BEGIN;\n${m.sql}\n;INSERT INTO schema_migrations (version, name) VALUES (${m.version}, '${m.name.replaceAll("'", "''")}');\nCOMMIT;`,
          )
        } catch (cause) {
          await exec('ROLLBACK').catch(() => undefined)
          throw new RuninkError(
            StoreErrors.RUNINK_STORE_MIGRATION_FAILED,
            `migration ${m.version} (${m.name}) failed: ${(cause as Error).message}`,
            { cause, details: { version: m.version } },
          )
        }
        done.push(m.version)
      }
      return done
    } finally {
      await exec(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`)
    }
  })
}

/** True when schema_migrations records exactly the known versions (one statement, no lock). */
async function upToDate(exec: ExecScript, migrations: readonly Migration[]): Promise<boolean> {
  let rows
  try {
    rows = await exec('SELECT version FROM schema_migrations ORDER BY version')
  } catch {
    return false
  }
  const applied = rows.map((r) => Number(r['version']))
  const known = migrations.map((m) => m.version).sort((a, b) => a - b)
  return applied.length === known.length && applied.every((v, i) => v === known[i])
}
