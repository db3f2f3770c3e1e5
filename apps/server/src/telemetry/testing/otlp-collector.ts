import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** An OTLP attribute as the JSON export carries it. */
export type OtlpAttribute = { key: string; value: Record<string, unknown> }
/** A span as the JSON export carries it. */
export type OtlpSpan = {
  name: string
  traceId: string
  spanId: string
  parentSpanId?: string
  attributes: OtlpAttribute[]
  status?: { code?: number }
}
type Export = {
  resourceSpans: {
    resource: { attributes: OtlpAttribute[] }
    scopeSpans: { spans: OtlpSpan[] }[]
  }[]
}

/** An attribute's value, whatever its OTLP type. */
export const attributeOf = (attrs: readonly OtlpAttribute[], key: string): unknown => {
  const v = attrs.find((a) => a.key === key)?.value
  return v === undefined ? undefined : Object.values(v)[0]
}

/** A collector the tests send OTLP/HTTP JSON to (the external a deployment would run). */
export interface OtlpCollector {
  readonly url: string
  /** Every export body received, as sent. */
  readonly exports: readonly Export[]
  /** Every span received. */
  spans(): OtlpSpan[]
  /** Service names of the resources received. */
  services(): unknown[]
  close(): Promise<void>
}

/** Starts an {@link OtlpCollector} on a free port of 127.0.0.1. */
export async function startOtlpCollector(): Promise<OtlpCollector> {
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
  const resources = () => exports.flatMap((e) => e.resourceSpans)
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exports,
    spans: () => resources().flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)),
    services: () => resources().map((r) => attributeOf(r.resource.attributes, 'service.name')),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
