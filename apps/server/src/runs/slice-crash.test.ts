import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runSubmittedSchema } from '@runink/protocol'
import {
  openExecutorFixture,
  tinyBundleWithStep,
  type ExecutorFixture,
} from './testing/executor-fixture.js'

describe('a slice that crashes', () => {
  let f: ExecutorFixture
  beforeAll(async () => {
    f = await openExecutorFixture()
  })
  afterAll(() => f.close())

  const run = async (body: unknown) => {
    const r = await f.post('/api/v1/herds/finance/runs', f.editor, body)
    expect(r.status).toBe(202)
    return f.finished(runSubmittedSchema.parse(await r.json()).runId)
  }

  it.each([
    ['its step process is killed', 'kill -9 $$\n', /exited with code 137/],
    ['the process that launched its step is killed', 'kill -9 $PPID\nsleep 5\n', /SIGKILL/],
  ])('fails its stage and run when %s, and the server goes on serving', async (_, script, said) => {
    const crashed = await run(tinyBundleWithStep(script))
    expect(crashed.run.status).toBe('failed')
    expect(crashed.stages.map((s) => s.status)).toEqual(['failed'])
    expect(crashed.stages[0]?.error).toMatch(said)
    expect((await f.get('/healthz')).status).toBe(200)
    const next = await run(tinyBundleWithStep('cat\n'))
    expect(next.run.status).toBe('succeeded')
  })
})
