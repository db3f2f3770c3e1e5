import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { hashOf } from '@runink/core'
import { barnFactories, type TestBarn } from '../../testing/barn-factories.js'
import { testPlan } from '../../testing/test-plan.js'

describe.each(barnFactories)('runs, stages and slices: $name', (factory) => {
  let t: TestBarn
  let planHash: string
  beforeAll(async () => {
    t = await factory.open()
    planHash = (
      await t.barn.plans.put({ name: 'trades', stages: { bronze: {} } }, { name: 'trades' })
    ).hash
  })
  afterAll(() => t.cleanup())

  it('stores plans by the hash of their canonical JSON, once', async () => {
    const plan = testPlan('p')
    const first = await t.barn.plans.put(plan, { name: 'p' })
    expect(first).toEqual({ hash: hashOf(plan), created: true })
    // The same plan with its keys in another order is the same plan.
    const reordered = Object.fromEntries(Object.entries(plan).reverse())
    expect(await t.barn.plans.put(reordered, { name: 'p' })).toEqual({
      hash: first.hash,
      created: false,
    })
    expect((await t.barn.plans.get(first.hash)).plan).toEqual(plan)
    await expect(t.barn.plans.get(hashOf('nope'))).rejects.toMatchObject({
      code: 'RUNINK_STORE_NOT_FOUND',
    })
  })

  it('refuses a stored plan that is not a plan of format 1, naming the field', async () => {
    const plan = testPlan('bad')
    const wrongFormat = await t.barn.plans.put({ ...plan, format: 2 }, { name: 'bad' })
    await expect(t.barn.plans.get(wrongFormat.hash)).rejects.toMatchObject({
      name: 'ProtocolError',
      code: 'RUNINK_PROTOCOL_MALFORMED',
      details: { where: `stored plan ${wrongFormat.hash}`, field: 'format' },
    })
    const noStageId = await t.barn.plans.put(
      { ...plan, stages: [{ ...plan.stages[0], id: undefined }] },
      { name: 'bad' },
    )
    await expect(t.barn.plans.get(noStageId.hash)).rejects.toMatchObject({
      code: 'RUNINK_PROTOCOL_MALFORMED',
      details: { field: 'stages[0].id', problem: 'expected a string' },
    })
  })

  it('identifies a run spec by plan, inputs, parameters and step code', async () => {
    const spec = {
      inputs: { trades: 'dataset://bronze.trades@1' },
      parameters: { day: '2024-01-01' },
      stepCodeHashes: { Decode: 'sha256:aa' },
    }
    const a = await t.barn.runs.create({ planHash, ...spec })
    const b = await t.barn.runs.create({ planHash, ...spec })
    const c = await t.barn.runs.create({ planHash, ...spec, parameters: { day: '2024-01-02' } })
    expect(a.run.specHash).toBe(hashOf({ planHash, ...spec }))
    expect(b.run.specHash).toBe(a.run.specHash)
    expect(b.run.id).not.toBe(a.run.id)
    expect(c.run.specHash).not.toBe(a.run.specHash)
    expect(await t.barn.runs.spec(a.run.specHash)).toEqual({ planHash, ...spec })
  })

  it('returns the same run for a repeated idempotency key and refuses it for another spec', async () => {
    const first = await t.barn.runs.create({
      planHash,
      idempotencyKey: 'k-1',
      parameters: { n: 1 },
    })
    const again = await t.barn.runs.create({
      planHash,
      idempotencyKey: 'k-1',
      parameters: { n: 1 },
    })
    expect(first.created).toBe(true)
    expect(again).toEqual({ run: first.run, created: false })
    await expect(
      t.barn.runs.create({ planHash, idempotencyKey: 'k-1', parameters: { n: 2 } }),
    ).rejects.toMatchObject({
      code: 'RUNINK_STORE_IDEMPOTENCY_CONFLICT',
      details: { runId: first.run.id },
    })
  })

  it('walks a run through its lifecycle, recording owner and timestamps, and refuses illegal moves', async () => {
    const { run } = await t.barn.runs.create({ planHash })
    expect(run.status).toBe('queued')
    const started = await t.barn.runs.start(run.id)
    expect(started.status).toBe('running')
    expect(started.owner).toMatchObject({ pid: process.pid })
    expect(started.startedAt).toBeInstanceOf(Date)
    const failed = await t.barn.runs.finish(run.id, 'failed', { error: 'stage silver failed' })
    expect(failed).toMatchObject({ status: 'failed', error: 'stage silver failed' })
    await expect(t.barn.runs.finish(run.id, 'succeeded')).rejects.toMatchObject({
      code: 'RUNINK_STORE_BAD_TRANSITION',
    })
    const audit = await t.barn.audit.query({ action: 'run.failed' })
    expect(audit.at(-1)).toMatchObject({
      resource: `run/${run.id}`,
      payload: { from: 'running', error: 'stage silver failed' },
    })
  })

  it('lists runs by status, newest first', async () => {
    const { run: r1 } = await t.barn.runs.create({ planHash, parameters: { list: 1 } })
    const { run: r2 } = await t.barn.runs.create({ planHash, parameters: { list: 2 } })
    await t.barn.runs.start(r1.id)
    await t.barn.runs.start(r2.id)
    const running = await t.barn.runs.list({ status: 'running' })
    expect(running.map((r) => r.id).slice(0, 2)).toEqual([r2.id, r1.id])
    expect(running.every((r) => r.status === 'running')).toBe(true)
    await t.barn.runs.finish(r1.id, 'succeeded')
    await t.barn.runs.finish(r2.id, 'succeeded')
  })

  it('records slices with attempts, isolation, timings and counts, and sums them in the run detail', async () => {
    const { run } = await t.barn.runs.create({ planHash, parameters: { detail: true } })
    await t.barn.runs.start(run.id)
    const stage = await t.barn.stages.create({
      runId: run.id,
      stage: 'bronze',
      nodeHash: 'sha256:n1',
    })
    await t.barn.stages.transition(stage.id, 'running')
    const first = await t.barn.stages.createSlice({ stageRunId: stage.id })
    expect(first).toMatchObject({ stageRunId: stage.id, runId: run.id, attempt: 1, partition: 0 })
    await expect(t.barn.stages.createSlice({ stageRunId: 'no-such-stage' })).rejects.toMatchObject({
      code: 'RUNINK_STORE_NOT_FOUND',
    })
    await t.barn.stages.startSlice(first.id, 'sandbox')
    const failed = await t.barn.stages.finishSlice(first.id, 'failed', {
      recordsIn: 10,
      recordsOut: 3,
      error: 'boom',
    })
    expect(failed).toMatchObject({
      status: 'failed',
      isolation: 'sandbox',
      recordsIn: 10,
      error: 'boom',
      attempt: 1,
    })
    expect(failed.durationMs).toBe(failed.finishedAt!.getTime() - failed.startedAt!.getTime())
    // Ended is ended; unknown ids are named.
    await expect(t.barn.stages.finishSlice(first.id, 'succeeded')).rejects.toMatchObject({
      code: 'RUNINK_STORE_BAD_TRANSITION',
      message: expect.stringContaining('cannot go from failed to succeeded'),
    })
    await expect(t.barn.stages.startSlice(first.id, 'sandbox')).rejects.toMatchObject({
      code: 'RUNINK_STORE_BAD_TRANSITION',
    })
    await expect(
      t.barn.stages.transition('01a20000-0000-7000-8000-000000000000', 'running'),
    ).rejects.toMatchObject({ code: 'RUNINK_STORE_NOT_FOUND' })
    await expect(t.barn.stages.transition(stage.id, 'queued')).rejects.toMatchObject({
      code: 'RUNINK_STORE_BAD_TRANSITION',
      message: expect.stringContaining('cannot go from running to queued'),
    })
    // Created already started, in one statement: running, with its isolation and start time.
    const retry = await t.barn.stages.createSlice({
      stageRunId: stage.id,
      attempt: 2,
      startedWith: 'process',
    })
    expect(retry).toMatchObject({ status: 'running', isolation: 'process', attempt: 2 })
    expect(retry.startedAt).toEqual(retry.createdAt)
    expect(first).toMatchObject({ status: 'queued', startedAt: null })
    await t.barn.stages.finishSlice(retry.id, 'succeeded', {
      recordsIn: 10,
      recordsOut: 9,
      recordsInvalid: 1,
    })
    await expect(t.barn.stages.createSlice({ stageRunId: stage.id, attempt: 2 })).rejects.toThrow()
    await t.barn.stages.transition(stage.id, 'succeeded')
    const version = await t.barn.datasets.write(Buffer.from('{"a":1}\n'), {
      name: 'bronze.detail',
      format: 'jsonl',
      recordCount: 9,
      runId: run.id,
      stageRunId: stage.id,
    })
    await t.barn.runs.finish(run.id, 'succeeded')
    const detail = await t.barn.runDetail(run.id)
    expect(detail.run.status).toBe('succeeded')
    expect(detail.stages).toHaveLength(1)
    expect(detail.stages[0]?.slices.map((s) => [s.attempt, s.status, s.isolation])).toEqual([
      [1, 'failed', 'sandbox'],
      [2, 'succeeded', 'process'],
    ])
    // Only the attempt that stands counts.
    expect(detail.counts).toEqual({ recordsIn: 10, recordsOut: 9, recordsInvalid: 1 })
    expect(detail.datasets.map((d) => d.id)).toEqual([version.id])
  })
})
