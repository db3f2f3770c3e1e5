import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runSubmittedSchema } from '@runink/protocol'
import { loadTracing } from '../telemetry/load-tracing.js'
import type { Tracing } from '../telemetry/otlp-tracing.js'
import {
  attributeOf,
  startOtlpCollector,
  type OtlpCollector,
} from '../telemetry/testing/otlp-collector.js'
import {
  openExecutorFixture,
  tinyBundle,
  type ExecutorFixture,
} from './testing/executor-fixture.js'

describe('watching the runs the server runs', () => {
  let f: ExecutorFixture
  let sink: OtlpCollector
  let tracing: Tracing | undefined
  beforeAll(async () => {
    sink = await startOtlpCollector()
    tracing = await loadTracing({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${sink.url}/v1/traces` })
    f = await openExecutorFixture({ tracing })
  })
  afterAll(async () => {
    await f.close()
    await tracing?.shutdown()
    await sink.close()
  })

  it('times runs and stages in /metrics and traces each run with its stages; a broken observer changes nothing', async () => {
    // Observers that throw, at the start and on every event: the run does not notice.
    f.executor.observe(() => {
      throw new Error('broken observer')
    })
    f.executor.observe(() => ({
      onEvent: () => {
        throw new Error('broken onEvent')
      },
      end: () => {
        throw new Error('broken end')
      },
    }))
    const r = await f.post('/api/v1/herds/finance/runs', f.editor, tinyBundle('finance'))
    expect(r.status).toBe(202)
    const { runId } = runSubmittedSchema.parse(await r.json())
    expect((await f.finished(runId)).run.status).toBe('succeeded')

    const { secret } = await f.t.barn.tokens.create({ name: 'prom', herd: null, role: 'viewer' })
    // The run's end is observed just after the Barn says it ended: scrape until it shows.
    const runCount = /runink_run_duration_seconds_count\{herd="finance",status="succeeded"\} 1/
    const scrape = async (): Promise<string> => (await f.get('/metrics', secret)).text()
    let text = await scrape()
    for (let i = 0; i < 100 && !runCount.test(text); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20))
      text = await scrape()
    }
    expect(text).toMatch(runCount)
    expect(text).toMatch(
      /runink_stage_duration_seconds_count\{herd="finance",outcome="succeeded"\} 1/,
    )

    await tracing?.shutdown()
    const spans = sink.spans()
    const run = spans.find((s) => attributeOf(s.attributes, 'runink.run_id') === runId)
    expect(run?.name).toBe('run tiny')
    expect(run && attributeOf(run.attributes, 'runink.outcome')).toBe('succeeded')
    expect(run && attributeOf(run.attributes, 'runink.actor')).toMatch(/^token:ci@/)
    const stage = spans.find((s) => s.parentSpanId === run?.spanId)
    expect(stage?.name).toMatch(/^stage /)
    expect(stage && attributeOf(stage.attributes, 'runink.records_in')).toBe(3)
    // The request that submitted it has its own span.
    expect(spans.map((s) => s.name)).toContain('POST /api/v1/herds/:herd/runs')
  })
})
