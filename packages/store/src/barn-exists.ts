import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { BARN_DIR } from './barn.js'

/** Where a Barn would be: a project folder (embedded) or a PostgreSQL URL. */
export interface BarnLocation {
  readonly home: string
  readonly databaseUrl?: string
}

/**
 * Whether a Barn has been made at this location, without making one: an embedded Barn's database
 * folder under `<home>/.runink/`, or a PostgreSQL database whose Barn schema has been created
 * (its migrations table). Read-only commands ask this before opening, since opening creates.
 */
export async function barnExists(where: BarnLocation): Promise<boolean> {
  if (where.databaseUrl && /^postgres(ql)?:\/\//.test(where.databaseUrl))
    return postgresHasBarn(where.databaseUrl)
  // memory:// and unsupported URLs: opening decides (a throwaway database, or a clear error).
  if (where.databaseUrl) return true
  try {
    return (await stat(join(where.home, BARN_DIR, 'db'))).isDirectory()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw error
  }
}

async function postgresHasBarn(url: string): Promise<boolean> {
  const { default: driver } = await import('pg')
  const client = new driver.Client({ connectionString: url })
  // A dropped connection must surface as the query's error, not crash the process.
  client.on('error', () => undefined)
  await client.connect()
  try {
    const { rows } = await client.query<{ present: boolean }>(
      "SELECT to_regclass('schema_migrations') IS NOT NULL AS present",
    )
    return rows[0]?.present === true
  } finally {
    await client.end()
  }
}
