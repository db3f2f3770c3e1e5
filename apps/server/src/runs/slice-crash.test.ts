import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runSubmittedSchema } from '@runink/protocol'
import {
  openExecutorFixture,
  tinyBundle,
  type ExecutorFixture,
} from './testing/executor-fixture.js'

const b64 = (text: string): string => Buffer.from(text).toString('base64')

/** The tiny pipeline with an exec step running `script` (sh) before it validates. */
function withStep(script: string) {
  const bundle = tinyBundle('finance')
  const feature = Buffer.from(bundle.files['p.dsl'], 'base64')
    .toString()
    .replace(
      '  @sink("dataset://tiny.ids")',
      '  @step(exec="sh step.sh")\n  @sink("dataset://tiny.ids")',
    )
  return { ...bundle, files: { ...bundle.files, 'p.dsl': b64(feature), 'step.sh': b64(script) } }
}

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
    const crashed = await run(withStep(script))
    expect(crashed.run.status).toBe('failed')
    expect(crashed.stages.map((s) => s.status)).toEqual(['failed'])
    expect(crashed.stages[0]?.error).toMatch(said)
    expect((await f.get('/healthz')).status).toBe(200)
    const next = await run(withStep('cat\n'))
    expect(next.run.status).toBe('succeeded')
  })
})
