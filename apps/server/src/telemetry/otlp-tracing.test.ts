import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { barnFactories, type TestBarn } from '@runink/store/testing'
import { createApp } from '../app/create-app.js'
import { loadTracing } from './load-tracing.js'
import { runSpans } from './run-spans.js'

type Attr = { key: string; value: Record<string, unknown> }
type Span = { name: string; kind: number; attributes: Attr[]; status?: { code?: number } }
type Export = {
  resourceSpans: { resource: { attributes: Attr[] }; scopeSpans: { spans: Span[] }[] }[]
}

const value = (attrs: Attr[], key: string): unknown => {
  const v = attrs.find((a) => a.key === key)?.value
  return v === undefined ? undefined : Object.values(v)[0]
}

/** An OTLP/HTTP collector (the external a real deployment sends to): keeps what it receives. */
async function collector(): Promise<{ url: string; exports: Export[]; server: Server }> {
  const exports: Export[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      if (req.url === '/v1/traces' && req.method === 'POST')
        exports.push(JSON.parse(body) as Export)
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, exports, server }
}

describe('OpenTelemetry traces over OTLP/HTTP', () => {
  let t: TestBarn
  let sink: Awaited<ReturnType<typeof collector>>
  beforeAll(async () => {
    t = await barnFactories[0]!.open()
    sink = await collector()
  })
  afterAll(async () => {
    await t.cleanup()
    sink.server.close()
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
    const denied = await app.request('/api/v1/herds/finance/runs')
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

    const resource = sink.exports.flatMap((e) => e.resourceSpans)
    expect(resource.map((r) => value(r.resource.attributes, 'service.name'))).toContain(
      'runink-test',
    )
    const all = resource.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans))
    const get = all.find((s) => s.name === 'GET /api/v1/herds')
    expect(get && value(get.attributes, 'http.response.status_code')).toBe(200)
    expect(get && value(get.attributes, 'runink.request_id')).toBe(ok.headers.get('x-request-id'))
    expect(get && value(get.attributes, 'runink.actor')).toBe(`token:ci@${token.id}`)
    const anon = all.find((s) => s.name === 'GET /api/v1/herds/:herd/runs')
    expect(anon && value(anon.attributes, 'http.response.status_code')).toBe(401)
    expect(anon && value(anon.attributes, 'runink.actor')).toBeUndefined()
    // No header is copied into a span: the secret appears nowhere.
    expect(JSON.stringify(sink.exports)).not.toContain(secret)

    const run = all.find((s) => s.name === 'run Trades')
    expect(run && value(run.attributes, 'runink.run_id')).toBe('r1')
    expect(run?.status?.code).toBe(2)
    const load = all.find((s) => s.name === 'stage load')
    expect(load && value(load.attributes, 'runink.outcome')).toBe('succeeded')
    const score = all.find((s) => s.name === 'stage score')
    expect(score?.status?.code).toBe(2)
  })
})
