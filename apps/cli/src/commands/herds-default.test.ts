import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { uuidV7Ids } from '@runink/core'
import { herdNamespace, openBarn, type Barn } from '@runink/store'
import { createTestDatabase, makeTempDir, type TempDir, type TestDatabase } from '@runink/testing'
import { runCliWith, type CliRun } from '../testing/run-cli.js'

let db: TestDatabase
let dir: TempDir

const runi = (...argv: string[]): Promise<CliRun> =>
  runCliWith({ cwd: dir.path, env: { RUNINK_DATABASE_URL: db.url } }, ...argv)

async function withTestBarn(fn: (barn: Barn) => Promise<void>): Promise<void> {
  const barn = await openBarn({ home: dir.path, databaseUrl: db.url, actor: 'tester' })
  try {
    await fn(barn)
  } finally {
    await barn.close()
  }
}

beforeAll(async () => {
  db = await createTestDatabase()
  dir = await makeTempDir('runink-cli-herds-')
  // Every dataset of this Barn is in herd finance; `default` exists but holds none.
  await withTestBarn(async (barn) => {
    for (const body of ['id\n1\n', 'id\n1\n2\n'])
      await barn.datasets.write(Buffer.from(body), {
        name: 'raw.payments',
        format: 'csv',
        recordCount: body.split('\n').length - 2,
        herd: 'finance',
      })
    const job = { namespace: herdNamespace('finance'), name: 'payments.load' }
    await barn.lineage.emit({
      eventType: 'COMPLETE',
      eventTime: new Date(),
      runId: uuidV7Ids.next(),
      job,
      inputs: [{ namespace: 'file', name: '/data/payments.csv' }],
      outputs: [{ namespace: herdNamespace('finance'), name: 'raw.payments' }],
    })
  })
})

afterAll(async () => {
  await db.drop()
  await dir.remove()
})

describe('herds without --herd', () => {
  it('uses the herd that holds the dataset, by bare name or dataset:// reference', async () => {
    const list = await runi('dataset', 'list')
    expect(list.code).toBe(0)
    expect(list.stdout).toMatch(/^DATASET\s+LATEST/)
    expect(list.stdout).toMatch(/^raw\.payments\s+2\s+2\s+2/m)

    const show = await runi('dataset', 'show', 'raw.payments')
    expect(show.code).toBe(0)
    expect(show.stdout).toContain('dataset://raw.payments@2')
    expect((await runi('dataset', 'show', 'dataset://raw.payments@1')).stdout).toContain(
      'records   1',
    )
    const versions = JSON.parse(
      (await runi('dataset', 'versions', 'raw.payments', '--json')).stdout,
    ) as Array<{ version: number; herd: string }>
    expect(versions.map((v) => [v.herd, v.version])).toEqual([
      ['finance', 1],
      ['finance', 2],
    ])
    expect((await runi('dataset', 'pull', 'raw.payments@1')).stdout).toBe('id\n1\n')
    const lineage = await runi('lineage', 'raw.payments', '--upstream')
    expect(lineage.code).toBe(0)
    expect(lineage.stdout).toContain('file:/data/payments.csv')
  })

  it('says what exists when a dataset is not found, with the closest name', async () => {
    const typo = await runi('dataset', 'show', 'raw.paymnts')
    expect(typo.code).toBe(2)
    expect(typo.stderr).toContain(
      'no dataset dataset://raw.paymnts (did you mean "raw.payments"?); the Barn holds raw.payments (herd finance)',
    )
    const version = await runi('dataset', 'show', 'raw.payments@9')
    expect(version.code).toBe(2)
    expect(version.stderr).toContain(
      'no dataset version dataset://raw.payments@9 in herd finance: its versions are 1 to 2',
    )
    expect((await runi('dataset', 'versions', 'raw.paymnts')).stderr).toContain(
      'did you mean "raw.payments"?',
    )
    expect((await runi('lineage', 'dataset://raw.paymnts')).stderr).toContain(
      'did you mean "raw.payments"?',
    )
    const neither = await runi('lineage', '01a24f3c-0000-7000-8000-000000000000')
    expect(neither.code).toBe(2)
    expect(neither.stderr).toContain(
      'no run 01a24f3c-0000-7000-8000-000000000000, and no dataset dataset://01a24f3c-0000-7000-8000-000000000000; the Barn holds raw.payments (herd finance)',
    )
    expect((await runi('dataset', 'list', '--herd', 'financ')).stdout).toBe(
      'no herd financ; herds: default, finance\n',
    )
  })

  it('lists across herds with a HERD column, and asks for --herd when a name is in several', async () => {
    await withTestBarn(async (barn) => {
      await barn.datasets.write(Buffer.from('id\n7\n'), {
        name: 'raw.payments',
        format: 'csv',
        recordCount: 1,
        herd: 'sales',
      })
    })
    const list = await runi('dataset', 'list')
    expect(list.stdout).toMatch(/^HERD\s+DATASET\s+LATEST/)
    expect(list.stdout).toMatch(/^finance\s+raw\.payments\s+2/m)
    expect(list.stdout).toMatch(/^sales\s+raw\.payments\s+1/m)
    const ambiguous = await runi('dataset', 'show', 'raw.payments')
    expect(ambiguous.code).toBe(2)
    expect(ambiguous.stderr).toContain(
      'dataset://raw.payments is in herds finance, sales: pass --herd with one of them',
    )
    const sales = await runi('dataset', 'show', 'raw.payments', '--herd', 'sales')
    expect(sales.stdout).toContain('dataset://raw.payments@1')
    expect((await runi('dataset', 'pull', 'raw.payments', '--herd', 'sales')).stdout).toBe(
      'id\n7\n',
    )
  })
})
