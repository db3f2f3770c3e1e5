import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { sql } from 'kysely'
import { createTestDatabase, makeTempDir } from '@runink/testing'
import { openBarn } from './barn.js'
import { migrate } from './db/migrate.js'
import { openPostgres } from './db/open-postgres.js'
import { MIGRATIONS } from './migrations/index.js'
import { barnFactories, type TestBarn } from './testing/barn-factories.js'
import { testPlan } from './testing/test-plan.js'

describe.each(barnFactories)('Barn schema and immutability: $name', (factory) => {
  let t: TestBarn
  beforeAll(async () => {
    t = await factory.open()
  })
  afterAll(() => t.cleanup())

  it('records every migration once, and reopening applies nothing', async () => {
    const rows = await t.barn.db
      .selectFrom('schema_migrations')
      .select(['version', 'name'])
      .execute()
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })))
    expect((await t.barn.herds.list()).map((h) => h.name)).toEqual(['default'])
  })

  it('rejects UPDATE and DELETE on plans, run specs, dataset versions and audit rows', async () => {
    const { hash } = await t.barn.plans.put(testPlan('a'), { name: 'p' })
    const { run } = await t.barn.runs.create({ planHash: hash })
    const version = await t.barn.datasets.write(Buffer.from('x\n'), {
      name: 'imm',
      format: 'jsonl',
      recordCount: 1,
    })
    const attempts = [
      sql`UPDATE plans SET name = 'other' WHERE hash = ${hash}`,
      sql`DELETE FROM plans WHERE hash = ${hash}`,
      sql`UPDATE run_specs SET spec = '{}' WHERE spec_hash = ${run.specHash}`,
      sql`DELETE FROM run_specs WHERE spec_hash = ${run.specHash}`,
      sql`UPDATE dataset_versions SET record_count = 99 WHERE id = ${version.id}`,
      sql`DELETE FROM dataset_versions WHERE id = ${version.id}`,
      sql`UPDATE audit_log SET actor = 'mallory' WHERE seq = 1`,
      sql`DELETE FROM audit_log WHERE seq = 1`,
      sql`DELETE FROM runs WHERE id = ${run.id}`,
    ]
    for (const attempt of attempts) {
      await expect(attempt.execute(t.barn.db)).rejects.toThrow(/immutable/)
    }
    expect((await t.barn.plans.get(hash)).name).toBe('p')
    expect((await t.barn.datasets.resolve('dataset://imm@1')).recordCount).toBe(1)
  })

  it('lets mutable rows change status but freezes their identity columns', async () => {
    const { hash } = await t.barn.plans.put({ stages: ['b'] }, { name: 'p2' })
    const { run } = await t.barn.runs.create({ planHash: hash })
    await sql`UPDATE runs SET status = 'running' WHERE id = ${run.id}`.execute(t.barn.db)
    await expect(
      sql`UPDATE runs SET spec_hash = 'x' WHERE id = ${run.id}`.execute(t.barn.db),
    ).rejects.toThrow(/runs\.spec_hash is immutable/)
    await expect(
      sql`UPDATE runs SET herd = 'other' WHERE id = ${run.id}`.execute(t.barn.db),
    ).rejects.toThrow(/immutable/)
    const stage = await t.barn.stages.create({ runId: run.id, stage: 's', nodeHash: 'sha256:n' })
    const slice = await t.barn.stages.createSlice({ stageRunId: stage.id })
    await expect(
      sql`UPDATE slices SET attempt = 2 WHERE id = ${slice.id}`.execute(t.barn.db),
    ).rejects.toThrow(/slices\.attempt is immutable/)
    await expect(
      sql`UPDATE stage_runs SET node_hash = 'y' WHERE id = ${stage.id}`.execute(t.barn.db),
    ).rejects.toThrow(/immutable/)
    await sql`UPDATE slices SET records_in = 5 WHERE id = ${slice.id}`.execute(t.barn.db)
    expect((await t.barn.stages.getSlice(slice.id)).recordsIn).toBe(5)
  })
})

describe('schema versions', () => {
  it('refuses to open a database whose schema is newer than the code', async () => {
    const database = await createTestDatabase()
    const dir = await makeTempDir()
    try {
      const raw = await openPostgres(database.url)
      await migrate(raw, [
        ...MIGRATIONS,
        { version: 99, name: 'future', sql: 'CREATE TABLE future_thing (x int)' },
      ])
      await raw.close()
      await expect(openBarn({ databaseUrl: database.url, home: dir.path })).rejects.toMatchObject({
        code: 'RUNINK_STORE_SCHEMA_TOO_NEW',
        message: expect.stringMatching(
          new RegExp(`version 99, newer than this runi understands \\(${MIGRATIONS.length}\\)`),
        ),
      })
    } finally {
      await database.drop()
      await dir.remove()
    }
  })

  it('applies migrations in order and a failing one leaves nothing half-applied', async () => {
    const database = await createTestDatabase()
    try {
      const raw = await openPostgres(database.url)
      expect(await migrate(raw)).toEqual(MIGRATIONS.map((m) => m.version))
      const bad = {
        version: MIGRATIONS.length + 1,
        name: 'broken',
        sql: 'CREATE TABLE half (x int); SELECT no_such_function();',
      }
      await expect(migrate(raw, [...MIGRATIONS, bad])).rejects.toMatchObject({
        code: 'RUNINK_STORE_MIGRATION_FAILED',
      })
      const half = await raw.db
        .selectFrom('pg_tables' as never)
        .selectAll()
        .where('tablename' as never, '=', 'half' as never)
        .execute()
      expect(half).toEqual([])
      expect(await migrate(raw)).toEqual([])
      await raw.close()
    } finally {
      await database.drop()
    }
  })
})
