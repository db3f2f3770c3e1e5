import { randomBytes } from 'node:crypto'
import pg from 'pg'

/** Where the local test PostgreSQL listens: trust auth for `postgres` on 127.0.0.1:5432. */
export const TEST_PG = { host: '127.0.0.1', port: 5432, user: 'postgres' } as const

/** A fresh PostgreSQL database for one test file, and the way to drop it. */
export interface TestDatabase {
  readonly name: string
  readonly url: string
  drop(): Promise<void>
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ ...TEST_PG, database: 'postgres' })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/** Creates an empty database with a random name on the local PostgreSQL. */
export async function createTestDatabase(prefix = 'runink_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`
  await admin((c) => c.query(`CREATE DATABASE "${name}"`))
  return {
    name,
    url: `postgres://${TEST_PG.user}@${TEST_PG.host}:${TEST_PG.port}/${name}`,
    // FORCE ends connections a failed test left open, so the drop never hangs.
    drop: () =>
      admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  }
}
