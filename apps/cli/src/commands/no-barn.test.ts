import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync } from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { createTestDatabase, makeTempDir, type TempDir, type TestDatabase } from '@runink/testing'
import { runCliWith } from '../testing/run-cli.js'

let dir: TempDir
let db: TestDatabase

beforeAll(async () => {
  dir = await makeTempDir('runink-cli-no-barn-')
  db = await createTestDatabase()
})

afterAll(async () => {
  await db.drop()
  await dir.remove()
})

/** Every command that only reads the Barn, with the arguments it needs. */
const READ_ONLY: readonly string[][] = [
  ['runs'],
  ['status', 'some-run'],
  ['logs', 'some-run'],
  ['lineage', 'dataset://x'],
  ['audit', 'log'],
  ['audit', 'verify'],
  ['audit', 'export', '--format', 'ndjson'],
  ['dataset', 'list'],
  ['dataset', 'show', 'x'],
  ['dataset', 'versions', 'x'],
  ['dataset', 'pull', 'x'],
  ['dataset', 'verify'],
  ['doctor'],
  ['herd', 'list'],
  ['herd', 'egress', 'list', 'default'],
  ['herd', 'path', 'list', 'default'],
]

describe('read-only commands never create a Barn', () => {
  it.each(READ_ONLY.map((argv) => [argv.join(' '), argv] as const))(
    'runi %s in a folder without one: exit 2, nothing made',
    async (_name, argv) => {
      const r = await runCliWith({ cwd: dir.path, env: {} }, ...argv)
      expect(r.stderr).toContain(
        `no Barn in ${dir.path} — run a pipeline there first, or pass --home`,
      )
      expect(r.code).toBe(2)
      expect(existsSync(path.join(dir.path, '.runink'))).toBe(false)
    },
  )

  it('a mistyped --home makes no folder', async () => {
    const typo = path.join(dir.path, 'porject')
    const r = await runCliWith({ cwd: dir.path, env: {} }, 'runs', '--home', 'porject')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`no Barn in ${typo}`)
    expect(existsSync(typo)).toBe(false)
  })

  it('with RUNINK_DATABASE_URL, a database without the Barn schema is the same error', async () => {
    const env = { RUNINK_DATABASE_URL: db.url }
    for (const argv of [['runs'], ['audit', 'verify'], ['dataset', 'list']]) {
      const r = await runCliWith({ cwd: dir.path, env }, ...argv)
      expect(r.code).toBe(2)
      expect(r.stderr).toContain('no Barn in the database at RUNINK_DATABASE_URL')
    }
    const client = new pg.Client({ connectionString: db.url })
    await client.connect()
    try {
      const { rows } = await client.query<{ n: string }>(
        "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'",
      )
      expect(rows[0]?.n).toBe('0')
    } finally {
      await client.end()
    }
  })
})
