import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, makeTempDir } from '@runink/testing'
import { openBarn, type Barn } from '../barn.js'
import { MIGRATIONS } from '../migrations/index.js'
import { barnTemplateKey, loadBarnTemplate, TEMPLATE_MARKER } from './barn-template.js'

/** The schema as the database describes it: tables, columns, types, triggers. */
async function schemaOf(barn: Barn): Promise<unknown> {
  const columns = await barn.db
    .selectFrom('information_schema.columns' as never)
    .select(['table_name', 'column_name', 'data_type', 'is_nullable', 'column_default'] as never)
    .where('table_schema' as never, '=', 'public' as never)
    .orderBy('table_name' as never)
    .orderBy('column_name' as never)
    .execute()
  const triggers = await barn.db
    .selectFrom('information_schema.triggers' as never)
    .select(['event_object_table', 'trigger_name', 'event_manipulation'] as never)
    .orderBy('event_object_table' as never)
    .orderBy('trigger_name' as never)
    .orderBy('event_manipulation' as never)
    .execute()
  return { columns, triggers }
}

const barnIdOf = async (barn: Barn): Promise<string> =>
  (await barn.db.selectFrom('barn_identity').select('id').executeTakeFirstOrThrow()).id

describe('a new embedded Barn from the migrated template', () => {
  let root: Awaited<ReturnType<typeof makeTempDir>>
  let templateDir: string
  let fresh: Barn
  let first: Barn
  let second: Barn
  beforeAll(async () => {
    root = await makeTempDir()
    templateDir = join(root.path, 'templates')
    fresh = await openBarn({ home: join(root.path, 'fresh') })
    first = await openBarn({ home: join(root.path, 'first'), templateDir })
    second = await openBarn({ home: join(root.path, 'second'), templateDir })
  }, 120_000)
  afterAll(async () => {
    for (const barn of [fresh, first, second]) await barn?.close()
    await root?.remove()
  })

  it('keeps the template in the folder given, keyed by PGlite and the migrations, with its hash', () => {
    const key = barnTemplateKey()
    expect(key).toMatch(
      new RegExp(`^pglite-[0-9.]+-schema-${MIGRATIONS.at(-1)?.version}-[0-9a-f]{16}$`),
    )
    expect(readdirSync(templateDir).sort()).toEqual([`${key}.sha256`, `${key}.tgz`])
    expect(readFileSync(join(templateDir, `${key}.sha256`), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/)
    expect(barnTemplateKey(MIGRATIONS.slice(0, -1))).not.toBe(key)
  })

  it('has the same schema and the same migrations recorded as a Barn made by initdb', async () => {
    expect(await schemaOf(first)).toEqual(await schemaOf(fresh))
    const migrations = (barn: Barn) =>
      barn.db
        .selectFrom('schema_migrations')
        .select(['version', 'name'])
        .orderBy('version')
        .execute()
    expect(await migrations(first)).toEqual(
      MIGRATIONS.map((m) => ({ version: m.version, name: m.name })),
    )
    expect((await first.herds.list()).map((h) => h.name)).toEqual(['default'])
  })

  it('gives every Barn its own id, and records the migrations as applied when the Barn was made', async () => {
    const ids = [await barnIdOf(first), await barnIdOf(second)]
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/)
    expect(ids[1]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/)
    expect(ids[0]).not.toBe(ids[1])
    const applied = await second.db.selectFrom('schema_migrations').select('applied_at').execute()
    const made = statSync(join(templateDir, `${barnTemplateKey()}.tgz`)).mtimeMs
    for (const row of applied)
      expect(new Date(row.applied_at).getTime()).toBeGreaterThanOrEqual(made - 1000)
    expect(existsSync(join(root.path, 'second', '.runink', 'db', TEMPLATE_MARKER))).toBe(false)
  })

  it('keeps the Barn private: folders 0700, files 0600', () => {
    const walk = (path: string): void => {
      const mode = statSync(path).mode & 0o777
      if (statSync(path).isDirectory()) {
        expect([path, mode]).toEqual([path, 0o700])
        for (const name of readdirSync(path)) walk(join(path, name))
      } else expect([path, mode]).toEqual([path, 0o600])
    }
    walk(join(root.path, 'second', '.runink', 'db'))
  })

  it("writes the WAL segment's unwritten pages as holes, not as megabytes of zeros", () => {
    const wal = join(root.path, 'second', '.runink', 'db', 'pg_wal')
    const segment = readdirSync(wal).find((f) => /^[0-9A-F]{24}$/.test(f)) as string
    const stat = statSync(join(wal, segment))
    expect(stat.size).toBe(16 * 2 ** 20)
    expect(stat.blocks * 512).toBeLessThan(stat.size * 0.75)
  })

  it('remakes a template whose bytes do not match their hash', async () => {
    const file = join(templateDir, `${barnTemplateKey()}.tgz`)
    writeFileSync(file, 'not a template')
    const third = await openBarn({ home: join(root.path, 'third'), templateDir })
    try {
      expect((await third.herds.list()).map((h) => h.name)).toEqual(['default'])
      expect(await barnIdOf(third)).toMatch(/^[0-9a-f]{8}-/)
    } finally {
      await third.close()
    }
    expect(statSync(file).size).toBeGreaterThan(100_000)
  }, 60_000)

  it('finishes adopting a restored Barn whose first open was cut short (the marker is still there)', async () => {
    const home = join(root.path, 'second')
    const before = await barnIdOf(second)
    await second.close()
    writeFileSync(join(home, '.runink', 'db', TEMPLATE_MARKER), '')
    second = await openBarn({ home, templateDir })
    expect(await barnIdOf(second)).not.toBe(before)
    expect(existsSync(join(home, '.runink', 'db', TEMPLATE_MARKER))).toBe(false)
    await second.close()
    second = await openBarn({ home, templateDir })
    const kept = await barnIdOf(second)
    await second.close()
    second = await openBarn({ home, templateDir })
    expect(await barnIdOf(second)).toBe(kept)
  }, 60_000)
})

describe('a template folder that cannot be written', () => {
  it('yields no template (initdb makes the Barn) and opening still works', async () => {
    const dir = await makeTempDir()
    try {
      writeFileSync(join(dir.path, 'a-file'), '')
      const templateDir = join(dir.path, 'a-file', 'templates')
      expect(await loadBarnTemplate(templateDir)).toBeUndefined()
      const barn = await openBarn({ home: join(dir.path, 'home'), templateDir })
      try {
        expect(await barnIdOf(barn)).toMatch(/^[0-9a-f]{8}-/)
      } finally {
        await barn.close()
      }
    } finally {
      await dir.remove()
    }
  }, 60_000)
})

describe('a Barn in PostgreSQL', () => {
  it('is migrated as before: no template is made or used', async () => {
    const dir = await makeTempDir()
    const database = await createTestDatabase()
    try {
      const templateDir = join(dir.path, 'templates')
      const barn = await openBarn({ home: dir.path, databaseUrl: database.url, templateDir })
      try {
        const rows = await barn.db.selectFrom('schema_migrations').select('version').execute()
        expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version))
        expect(await barnIdOf(barn)).toMatch(/^[0-9a-f]{8}-/)
      } finally {
        await barn.close()
      }
      expect(existsSync(templateDir)).toBe(false)
    } finally {
      await database.drop()
      await dir.remove()
    }
  })
})
