import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { barnFactories, type TestBarn } from '@runink/store/testing'
import { createApp } from '../app/create-app.js'
import { loadTracing } from './load-tracing.js'
import { runSpans } from './run-spans.js'
import {
  attributeOf as value,
  startOtlpCollector,
  type OtlpCollector,
} from './testing/otlp-collector.js'

describe('OpenTelemetry traces over OTLP/HTTP', () => {
  let t: TestBarn
  let sink: OtlpCollector
  beforeAll(async () => {
    t = await barnFactories[0]!.open()
    sink = await startOtlpCollector()
  })
  afterAll(async () => {
    await t.cleanup()
    await sink.close()
  })

  it('is off unless an OTLP endpoint is configured', async () => {
    expect(await loadTracing({})).toBeUndefined()
    expect(
      await loadTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, OTEL_SDK_DISABLED: 'true' }),
    ).toBeUndefined()
    expect(
      await loadTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, OTEL_TRACES_EXPORTER: 'none' }),
    ).toBeUndefined()
  })

  it('sends a span per request with the route, status and Runink ids, and runs with their stages', async () => {
    const tracing = await loadTracing({
      OTEL_EXPORTER_OTLP_ENDPOINT: `${sink.url}/`,
      OTEL_SERVICE_NAME: 'runink-test',
    })
    expect(tracing?.url).toBe(`${sink.url}/v1/traces`)
    const app = createApp({ barn: t.barn, tracing })
    const { secret, token } = await t.barn.tokens.create({ name: 'ci', herd: null, role: 'viewer' })
    const ok = await app.request('/api/v1/herds', {
      headers: { authorization: `Bearer ${secret}` },
    })
    expect(ok.status).toBe(200)
    // A caller's W3C trace context makes the request's span a child of the caller's.
    const caller = { trace: '4bf92f3577b34da6a3ce929d0e0e4736', span: '00f067aa0ba902b7' }
    const denied = await app.request('/api/v1/herds/finance/runs', {
      headers: { traceparent: `00-${caller.trace}-${caller.span}-01` },
    })
    expect(denied.status).toBe(401)

    const spans = runSpans(tracing!.tracer, {
      herd: 'finance',
      pipeline: 'Trades',
      planHash: 'sha256:p',
      actor: 'token:ci@1',
    })
    spans.onEvent({ version: 1, type: 'run-started', runId: 'r1', stages: ['load', 'score'] })
    spans.onEvent({ version: 1, type: 'stage-started', stage: 'load', slices: 1, attempt: 1 })
    spans.onEvent({
      version: 1,
      type: 'stage-finished',
      summary: {
        id: 'load',
        name: 'Load',
        status: 'succeeded',
        outputs: [],
        attempts: 1,
        durationMs: 3,
      },
    })
    spans.onEvent({ version: 1, type: 'stage-started', stage: 'score', slices: 1, attempt: 1 })
    spans.end({ error: new Error('cancelled') })
    await tracing!.shutdown()

    expect(sink.services()).toContain('runink-test')
    const all = sink.spans()
    const get = all.find((s) => s.name === 'GET /api/v1/herds')
    expect(get && value(get.attributes, 'http.response.status_code')).toBe(200)
    expect(get && value(get.attributes, 'runink.request_id')).toBe(ok.headers.get('x-request-id'))
    expect(get && value(get.attributes, 'runink.actor')).toBe(`token:ci@${token.id}`)
    const anon = all.find((s) => s.name === 'GET /api/v1/herds/:herd/runs')
    expect(anon && value(anon.attributes, 'http.response.status_code')).toBe(401)
    expect(anon && value(anon.attributes, 'runink.actor')).toBeUndefined()
    expect(anon?.traceId).toBe(caller.trace)
    expect(anon?.parentSpanId).toBe(caller.span)
    // No header is copied into a span: the secret appears nowhere.
    expect(JSON.stringify(sink.exports)).not.toContain(secret)

    const run = all.find((s) => s.name === 'run Trades')
    expect(run && value(run.attributes, 'runink.run_id')).toBe('r1')
    expect(run?.status?.code).toBe(2)
    const load = all.find((s) => s.name === 'stage load')
    expect(load && value(load.attributes, 'runink.outcome')).toBe('succeeded')
    expect(load?.parentSpanId).toBe(run?.spanId)
    const score = all.find((s) => s.name === 'stage score')
    expect(score?.status?.code).toBe(2)
  })
})
