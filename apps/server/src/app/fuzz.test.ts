import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { apiErrorSchema } from '@runink/protocol'
import { barnFactories, type TestBarn } from '@runink/store/testing'
import { createApp, OPENAPI_PATH } from './create-app.js'

type Operation = {
  readonly method: string
  readonly template: string
  readonly query: readonly string[]
}

// Path segments and values a hostile or careless client sends: empty, huge, traversal,
// encoded, unicode, numbers where text is expected and the reverse.
const hostileText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', '..', '%2e%2e', 'finance', 'default', '-1', '0', '1e309', 'null', '[]'),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ minLength: 300, maxLength: 600 }),
)

const body = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc
    .record({ name: hostileText, role: hostileText, expiresInDays: fc.jsonValue() })
    .map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
)

describe('every route, fuzzed from the OpenAPI document', () => {
  let t: TestBarn
  let app: ReturnType<typeof createApp>
  let admin: string
  let operations: Operation[]

  beforeAll(async () => {
    t = await (barnFactories[0] as (typeof barnFactories)[number]).open()
    admin = (await t.barn.tokens.create({ name: 'fuzz', herd: null, role: 'admin' })).secret
    app = createApp({ barn: t.barn, maxBodyBytes: 4096 })
    const doc = (await (await app.request(OPENAPI_PATH)).json()) as {
      paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }> }>>
    }
    operations = Object.entries(doc.paths).flatMap(([template, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        template,
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      })),
    )
  })
  afterAll(() => t.cleanup())

  it('answers malformed, oversized and wrongly typed requests with a 4xx and a code, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1000 }),
        fc.array(hostileText, { minLength: 3, maxLength: 3 }),
        fc.dictionary(
          fc.constantFrom('limit', 'cursor', 'status', 'actor', 'herd', 'x'),
          hostileText,
        ),
        fc.option(body, { nil: undefined }),
        fc.constantFrom('json', 'text', 'none'),
        fc.boolean(),
        async (pick, segments, query, payload, type, signedIn) => {
          const op = operations[pick % operations.length] as Operation
          let i = 0
          const path = op.template.replace(/\{\w+\}/g, () =>
            encodeURIComponent(segments[i++] ?? ''),
          )
          const qs = new URLSearchParams(query).toString()
          const hasBody = payload !== undefined && op.method !== 'GET'
          const r = await app.request(`${path}${qs ? `?${qs}` : ''}`, {
            method: op.method,
            headers: {
              ...(signedIn ? { authorization: `Bearer ${admin}` } : {}),
              ...(type === 'json' ? { 'content-type': 'application/json' } : {}),
              ...(type === 'text' ? { 'content-type': 'text/plain' } : {}),
            },
            ...(hasBody ? { body: payload } : {}),
          })
          expect(r.status, `${op.method} ${path}?${qs} ${payload ?? ''}`).toBeLessThan(500)
          if (r.status >= 400) apiErrorSchema.parse(await r.json())
        },
      ),
      { numRuns: 400 },
    )
  })
})
