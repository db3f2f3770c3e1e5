import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runEndedSchema, runEventSchema, runSubmittedSchema } from '@runink/protocol'
import {
  openExecutorFixture,
  tinyBundle,
  tinyBundleWithStep,
  type ExecutorFixture,
} from './testing/executor-fixture.js'

/** An SSE body's events (`id`, `event`, `data`) and its comment lines. */
function parseSse(text: string): {
  events: Array<{ id?: string; event?: string; data: string }>
  comments: string[]
} {
  const events: Array<{ id?: string; event?: string; data: string }> = []
  const comments: string[] = []
  for (const block of text.split('\n\n')) {
    const e: { id?: string; event?: string; data: string } = { data: '' }
    let fields = 0
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) comments.push(line)
      else if (line.startsWith('id: ')) e.id = line.slice(4)
      else if (line.startsWith('event: ')) e.event = line.slice(7)
      else if (line.startsWith('data: ')) e.data += line.slice(6)
      else continue
      if (!line.startsWith(':')) fields++
    }
    if (fields > 0) events.push(e)
  }
  return { events, comments }
}

describe('a run’s events over SSE', () => {
  let f: ExecutorFixture
  beforeAll(async () => {
    f = await openExecutorFixture({ heartbeatMs: 5 })
  })
  afterAll(() => f.close())

  const events = (runId: string, headers: Record<string, string> = {}) =>
    f.get(`/api/v1/herds/finance/runs/${runId}/events`, f.viewer, headers)

  it('streams every event of a run with ids, live, ending with its final state', async () => {
    const submitted = await f.post('/api/v1/herds/finance/runs', f.editor, tinyBundle('finance'))
    const { runId } = runSubmittedSchema.parse(await submitted.json())
    const r = await events(runId)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const { events: got, comments } = parseSse(await r.text())
    // It was live: the stream waited for the run, sending heartbeats meanwhile.
    expect(comments).toContain(': heartbeat')
    expect(got.map((e) => e.id)).toEqual(got.map((_, i) => String(i + 1)))
    const body = got.slice(0, -1)
    expect(body.every((e) => e.event === 'run-event')).toBe(true)
    const types = body.map((e) => runEventSchema.parse(JSON.parse(e.data)).type)
    expect(types[0]).toBe('run-started')
    expect(types).toContain('stage-finished')
    const last = got.at(-1)
    expect(last?.event).toBe('run-ended')
    const ended = runEndedSchema.parse(JSON.parse(last?.data ?? ''))
    expect(ended.status.run).toMatchObject({ id: runId, status: 'succeeded' })
    expect(ended.status.pipeline).toEqual({ name: 'tiny', version: 1 })
    expect(ended.result).toMatchObject({
      runId,
      status: 'succeeded',
      isolation: expect.any(String),
    })
    expect(ended.result?.stages.map((s) => [s.id, s.status])).toEqual([['ingest', 'succeeded']])

    // Reconnecting with the last id seen gives every later event, none twice.
    const again = parseSse(await (await events(runId, { 'last-event-id': '2' })).text()).events
    expect(again.map((e) => e.id)).toEqual(got.slice(2).map((e) => e.id))
    expect(again.map((e) => e.data)).toEqual(got.slice(2).map((e) => e.data))
  })

  it('gives a run this server does not run its state as one event, and hides other herds’ runs', async () => {
    const plan = await f.t.barn.plans.put({ any: 'plan' }, { name: 'elsewhere', herd: 'finance' })
    const { run } = await f.t.barn.runs.create({ planHash: plan.hash, herd: 'finance' })
    const r = await events(run.id)
    expect(r.status).toBe(200)
    const got = parseSse(await r.text()).events
    expect(got).toHaveLength(1)
    expect(got[0]?.event).toBe('run-ended')
    const ended = runEndedSchema.parse(JSON.parse(got[0]?.data ?? ''))
    expect(ended).toMatchObject({ status: { run: { id: run.id, status: 'queued' } }, result: null })

    await f.t.barn.herds.ensure('ops')
    const ops = await f.t.barn.runs.create({ planHash: plan.hash, herd: 'ops' })
    expect((await events(ops.run.id)).status).toBe(404)
    expect((await events('01a00000-0000-7000-8000-000000000000')).status).toBe(404)
    const stranger = (await f.t.barn.tokens.create({ name: 's', herd: 'ops', role: 'admin' }))
      .secret
    const denied = await f.get(`/api/v1/herds/finance/runs/${run.id}/events`, stranger)
    expect(denied.status).toBe(403)
  })

  it('ends a follower’s stream with the run cancelled when the server stops, and starts no more runs', async () => {
    const submitted = await f.post(
      '/api/v1/herds/finance/runs',
      f.editor,
      tinyBundleWithStep('sleep 60\ncat\n'),
    )
    const { runId } = runSubmittedSchema.parse(await submitted.json())
    const r = await events(runId)
    const text = r.text()
    await new Promise((res) => setTimeout(res, 300))
    await f.executor.close()
    const got = parseSse(await text).events
    expect(got.at(-1)?.event).toBe('run-ended')
    const ended = runEndedSchema.parse(JSON.parse(got.at(-1)?.data ?? ''))
    expect(ended.status.run.status).toBe('cancelled')
    expect(ended.result?.status).toBe('cancelled')
    const refused = await f.post('/api/v1/herds/finance/runs', f.editor, tinyBundle('finance'))
    expect(refused.status).toBe(422)
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      'RUNINK_RUNS_UNAVAILABLE',
    )
  })
})
