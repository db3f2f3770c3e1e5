import { afterAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '@runink/testing'
import { MIGRATIONS } from '../migrations/index.js'
import type { BarnDatabase } from './barn-database.js'
import { migrate } from './migrate.js'
import { openPglite } from './open-pglite.js'
import { openPostgres } from './open-postgres.js'

/** The database, with every script run through withSession written down. */
function recording(database: BarnDatabase): { database: BarnDatabase; scripts: string[] } {
  const scripts: string[] = []
  return {
    scripts,
    database: {
      ...database,
      withSession: (fn) =>
        database.withSession((exec) =>
          fn((script) => {
            scripts.push(script)
            return exec(script)
          }),
        ),
    },
  }
}

const drops: Array<() => Promise<void>> = []
afterAll(async () => {
  for (const drop of drops) await drop()
})

const backends = [
  { name: 'pglite', open: () => openPglite('memory://') },
  {
    name: 'postgres',
    async open() {
      const test = await createTestDatabase()
      drops.push(() => test.drop())
      return openPostgres(test.url)
    },
  },
]

describe.each(backends)('migrate on $name', ({ open }) => {
  it('checks an up-to-date database with one read: no lock, no DDL', async () => {
    const database = await open()
    try {
      expect(await migrate(database)).toEqual(MIGRATIONS.map((m) => m.version))
      const { database: watched, scripts } = recording(database)
      expect(await migrate(watched)).toEqual([])
      expect(scripts).toEqual(['SELECT version FROM schema_migrations ORDER BY version'])
    } finally {
      await database.close()
    }
  })

  it('takes the locked way when a migration is missing, and applies only that one', async () => {
    const database = await open()
    try {
      await migrate(database, MIGRATIONS.slice(0, -1))
      const { database: watched, scripts } = recording(database)
      expect(await migrate(watched)).toEqual([MIGRATIONS.at(-1)?.version])
      expect(scripts.some((s) => s.includes('pg_advisory_lock'))).toBe(true)
    } finally {
      await database.close()
    }
  })
})

describe('the embedded database', () => {
  it('runs with a 16 MB buffer pool', async () => {
    const database = await openPglite('memory://')
    try {
      const rows = await database.withSession((exec) => exec('SHOW shared_buffers'))
      expect(rows).toEqual([{ shared_buffers: '16MB' }])
    } finally {
      await database.close()
    }
  })
})
