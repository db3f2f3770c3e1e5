import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiLogLineSchema, pageOf } from '@runink/protocol'
import { openExecutorFixture, type ExecutorFixture } from './testing/executor-fixture.js'

const pageSchema = pageOf(apiLogLineSchema)

describe('a run’s logs over the API', () => {
  let f: ExecutorFixture
  let runId: string
  let sliceOf: Record<string, string>
  beforeAll(async () => {
    f = await openExecutorFixture()
    const { barn } = f.t
    const plan = await barn.plans.put({ feature: 'logged' }, { name: 'logged', herd: 'finance' })
    const { run } = await barn.runs.create({ planHash: plan.hash, herd: 'finance' })
    await barn.runs.start(run.id)
    runId = run.id
    sliceOf = {}
    for (const stage of ['bronze', 'silver']) {
      const s = await barn.stages.create({ runId, stage, nodeHash: `sha256:${stage}` })
      const slice = await barn.stages.createSlice({ stageRunId: s.id })
      await barn.stages.startSlice(slice.id, 'none')
      sliceOf[stage] = slice.id
    }
    await barn.logs.append(sliceOf.bronze as string, ['b0', 'b1', 'b2'])
    await barn.logs.append(sliceOf.silver as string, ['s0', { stream: 'stderr', line: 's1' }])
  })
  afterAll(() => f.close())

  const logs = (query = '', secret?: string) =>
    f.get(`/api/v1/herds/finance/runs/${runId}/logs${query}`, secret)

  it('pages a run’s lines slice after slice, every line once, and one stage’s alone', async () => {
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const r = await logs(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      expect(r.status).toBe(200)
      const page = pageSchema.parse(await r.json())
      seen.push(...page.items.map((l) => `[${l.stage}#${l.partition}.${l.attempt}] ${l.line}`))
      cursor = page.next_cursor
      pages++
    } while (cursor !== null)
    expect(seen).toEqual([
      '[bronze#0.1] b0',
      '[bronze#0.1] b1',
      '[bronze#0.1] b2',
      '[silver#0.1] s0',
      '[silver#0.1] s1',
    ])
    expect(pages).toBe(3)
    const silver = pageSchema.parse(await (await logs('?stage=silver')).json())
    expect(silver.items.map((l) => [l.line, l.stream, l.offset])).toEqual([
      ['s0', 'stdout', 0],
      ['s1', 'stderr', 1],
    ])
    expect(silver.next_cursor).toBeNull()
  })

  it('refuses an unknown stage and a forged cursor, and hides other herds’ runs', async () => {
    const gold = await logs('?stage=gold')
    expect(gold.status).toBe(400)
    expect(((await gold.json()) as { error: { message: string } }).error.message).toContain(
      'has no stage "gold" (stages: bronze, silver)',
    )
    const forged = Buffer.from(JSON.stringify([sliceOf.bronze, 'x'])).toString('base64url')
    expect((await logs(`?cursor=${forged}`)).status).toBe(400)
    const elsewhere = Buffer.from(JSON.stringify(['nope', '0'])).toString('base64url')
    expect((await logs(`?cursor=${elsewhere}`)).status).toBe(400)
    await f.t.barn.herds.ensure('ops')
    const ops = (await f.t.barn.tokens.create({ name: 'o', herd: 'ops', role: 'admin' })).secret
    expect((await f.get(`/api/v1/herds/ops/runs/${runId}/logs`, ops)).status).toBe(404)
    expect((await logs('', ops)).status).toBe(403)
  })

  it('follows a running run as NDJSON, each line once, until it ends', async () => {
    const r = await logs('?follow=true&stage=bronze')
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toMatch(/^application\/x-ndjson/)
    const text = r.text()
    await new Promise((res) => setTimeout(res, 400))
    const { barn } = f.t
    await barn.logs.append(sliceOf.bronze as string, ['b3'])
    await barn.logs.append(sliceOf.silver as string, ['not this stage'])
    await new Promise((res) => setTimeout(res, 400))
    for (const id of Object.values(sliceOf)) await barn.stages.finishSlice(id, 'succeeded')
    await barn.runs.finish(runId, 'succeeded')
    const lines = (await text)
      .trim()
      .split('\n')
      .map((l) => apiLogLineSchema.parse(JSON.parse(l)).line)
    expect(lines).toEqual(['b0', 'b1', 'b2', 'b3'])
  })
})
