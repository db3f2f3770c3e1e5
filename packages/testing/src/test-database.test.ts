import { describe, it, expect } from 'vitest'
import pg from 'pg'
import { createTestDatabase } from './test-database.js'
import { makeTempDir } from './temp-dir.js'
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'

describe('createTestDatabase', () => {
  it('creates a usable database and drops it', async () => {
    const db = await createTestDatabase()
    const client = new pg.Client({ connectionString: db.url })
    await client.connect()
    const { rows } = await client.query<{ d: string }>('select current_database() as d')
    expect(rows[0]?.d).toBe(db.name)
    await client.end()
    await db.drop()
    const admin = new pg.Client({ host: '127.0.0.1', user: 'postgres', database: 'postgres' })
    await admin.connect()
    const left = await admin.query('select 1 from pg_database where datname = $1', [db.name])
    await admin.end()
    expect(left.rowCount).toBe(0)
  })
})

describe('makeTempDir', () => {
  it('creates a directory that remove() deletes with its contents', async () => {
    const dir = await makeTempDir()
    await writeFile(join(dir.path, 'x.txt'), 'x')
    expect(existsSync(join(dir.path, 'x.txt'))).toBe(true)
    await dir.remove()
    expect(existsSync(dir.path)).toBe(false)
  })
})
