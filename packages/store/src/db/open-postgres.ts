import { Kysely, PostgresDialect } from 'kysely'
import type pg from 'pg'
import type { BarnDatabase } from './barn-database.js'
import type { BarnSchema } from './schema.js'

/** Connects to an external PostgreSQL by URL through a small pool. */
export async function openPostgres(url: string): Promise<BarnDatabase> {
  // Loaded here: the embedded Barn, the default, never needs the PostgreSQL driver.
  const { default: driver } = await import('pg')
  const pool = new driver.Pool({ connectionString: url, max: 8 })
  // An idle client dropped by the server (restart, admin kill) must not crash the process;
  // the pool replaces it and the next query reports any real outage.
  pool.on('error', () => undefined)
  // Surface a bad URL or a down server at open, not on the first query.
  const probe = await pool.connect()
  probe.release()
  const db = new Kysely<BarnSchema>({ dialect: new PostgresDialect({ pool }) })
  return {
    kind: 'postgres',
    db,
    async withSession(fn) {
      const client = await pool.connect()
      try {
        return await fn(async (script) => {
          const result = (await client.query(script)) as pg.QueryResult | pg.QueryResult[]
          const last = Array.isArray(result) ? result.at(-1) : result
          return (last?.rows ?? []) as Array<Record<string, unknown>>
        })
      } finally {
        client.release()
      }
    },
    async close() {
      await db.destroy()
      // Kysely only ends a pool it has used; migrations may have been the only users.
      if (!pool.ended) await pool.end()
    },
  }
}
