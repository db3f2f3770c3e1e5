import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import path from 'node:path'
import { uuidV7Ids } from '@runink/core'
import { herdNamespace, openBarn } from '@runink/store'
import { createTestDatabase, makeTempDir, type TempDir, type TestDatabase } from '@runink/testing'
import { runCliWith } from '../testing/run-cli.js'

let db: TestDatabase
let dir: TempDir
const runIds: string[] = []

beforeAll(async () => {
  db = await createTestDatabase()
  dir = await makeTempDir('runink-cli-lineage-run-')
  const barn = await openBarn({ home: dir.path, databaseUrl: db.url, actor: 'tester' })
  try {
    const plan = await barn.plans.put({ feature: 'daily' }, { name: 'daily' })
    // The same job, run twice over different files, writing the same dataset.
    for (const day of ['monday', 'tuesday']) {
      const { run } = await barn.runs.create({ planHash: plan.hash })
      runIds.push(run.id)
      const parent = { runId: run.id, job: { namespace: herdNamespace('default'), name: 'daily' } }
      const job = { namespace: herdNamespace('default'), name: 'daily.load' }
      const inputs = [{ namespace: 'file', name: path.join(dir.path, `${day}.csv`) }]
      const outputs = [{ namespace: herdNamespace('default'), name: 'bronze.days' }]
      const olRun = uuidV7Ids.next()
      for (const eventType of ['START', 'COMPLETE'] as const)
        await barn.lineage.emit({
          eventType,
          eventTime: new Date(),
          runId: olRun,
          job,
          parent,
          inputs,
          ...(eventType === 'COMPLETE' ? { outputs } : {}),
        })
    }
  } finally {
    await barn.close()
  }
})

afterAll(async () => {
  await db.drop()
  await dir.remove()
})

describe('runi lineage <run-id>', () => {
  it("shows only that run's events, not other runs of the same job", async () => {
    const [monday, tuesday] = runIds as [string, string]
    const env = { RUNINK_DATABASE_URL: db.url }
    const first = await runCliWith({ cwd: dir.path, env }, 'lineage', monday, '--upstream')
    expect(first.code).toBe(0)
    expect(first.stdout).toContain('monday.csv')
    expect(first.stdout).not.toContain('tuesday.csv')
    const second = await runCliWith({ cwd: dir.path, env }, 'lineage', tuesday, '--format', 'json')
    const graph = JSON.parse(second.stdout) as { nodes: Array<{ name: string }> }
    expect(graph.nodes.map((n) => n.name).sort()).toEqual(
      ['bronze.days', 'daily.load', path.join(dir.path, 'tuesday.csv')].sort(),
    )
    // A dataset's lineage still spans every run that touched it.
    const dataset = await runCliWith({ cwd: dir.path, env }, 'lineage', 'dataset://bronze.days')
    expect(dataset.stdout).toContain('monday.csv')
    expect(dataset.stdout).toContain('tuesday.csv')
  })
})
