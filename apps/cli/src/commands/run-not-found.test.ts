import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openBarn } from '@runink/store'
import { createTestDatabase, makeTempDir, type TempDir, type TestDatabase } from '@runink/testing'
import { runCliWith, type CliRun } from '../testing/run-cli.js'

let db: TestDatabase
let dir: TempDir
const ids: string[] = []

const runi = (...argv: string[]): Promise<CliRun> =>
  runCliWith({ cwd: dir.path, env: { RUNINK_DATABASE_URL: db.url } }, ...argv)

beforeAll(async () => {
  db = await createTestDatabase()
  dir = await makeTempDir('runink-cli-run-not-found-')
  const barn = await openBarn({ home: dir.path, databaseUrl: db.url, actor: 'tester' })
  try {
    const plan = await barn.plans.put({ feature: 'daily' }, { name: 'daily' })
    for (const day of ['2026-01-01', '2026-01-02']) {
      const { run } = await barn.runs.create({ planHash: plan.hash, parameters: { day } })
      ids.push(run.id)
    }
  } finally {
    await barn.close()
  }
})

afterAll(async () => {
  await db.drop()
  await dir.remove()
})

describe('a run that is not there', () => {
  it('names the run a pasted part of an id starts, and the latest runs', async () => {
    const [first, second] = ids as [string, string]
    const part = first.slice(0, 30)
    const status = await runi('status', part)
    expect(status.code).toBe(2)
    expect(status.stderr).toContain(`no run ${part} (did you mean "${first}"?)`)
    expect(status.stderr).toContain(`the latest: ${second} (queued), ${first} (queued)`)
    expect((await runi('logs', 'nope')).stderr).toContain(
      `no run nope; the latest: ${second} (queued)`,
    )
  })
})
