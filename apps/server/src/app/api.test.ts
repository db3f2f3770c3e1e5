import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HerdRole, roleAllows } from '@runink/core'
import {
  apiErrorSchema,
  apiRunSchema,
  pageOf,
  runStatusSchema,
  type ApiError,
} from '@runink/protocol'
import { barnFactories, type TestBarn } from '@runink/store/testing'
import type { AccessRule } from '../auth/access-rule.js'
import { ACCESS_EXTENSION } from '../routes/secured-route.js'
import { createApp, OPENAPI_PATH } from './create-app.js'

type App = ReturnType<typeof createApp>
type Caller = {
  readonly label: string
  /** How it signs in: an API token, a user's session cookie, or a run token. */
  readonly kind: 'token' | 'user' | 'run'
  /** Its role in every herd, or null. */
  readonly every: HerdRole | null
  /** Its roles in single herds. */
  readonly herds: Readonly<Partial<Record<string, HerdRole>>>
  /** The custom role it holds, by herd. */
  readonly custom?: Readonly<Record<string, string>>
}

/** The custom role the matrix gives a user in finance: runs readable (not their logs), cancellable. */
const RUN_READER = {
  allow: ['read:runs', 'read:runs/**', 'write:runs/*/cancel'],
  deny: ['read:runs/*/logs'],
}

/**
 * Every kind of caller: instance-wide tokens, a token of each role in finance and in ops, users
 * whose roles come from memberships (instance admin; editor in finance and viewer in ops; none),
 * and a run token of a finance run.
 */
const CALLERS: readonly Caller[] = [
  { label: 'instance admin', kind: 'token', every: 'admin', herds: {} },
  { label: 'instance viewer', kind: 'token', every: 'viewer', herds: {} },
  ...(['finance', 'ops'] as const).flatMap((herd) =>
    Object.values(HerdRole).map((role): Caller => ({
      label: `${herd} ${role}`,
      kind: 'token',
      every: null,
      herds: { [herd]: role },
    })),
  ),
  { label: 'user instance admin', kind: 'user', every: 'admin', herds: {} },
  {
    label: 'user finance editor, ops viewer',
    kind: 'user',
    every: null,
    herds: { finance: 'editor', ops: 'viewer' },
  },
  { label: 'user of no herd', kind: 'user', every: null, herds: {} },
  {
    label: 'user with the run-reader custom role in finance',
    kind: 'user',
    every: null,
    herds: {},
    custom: { finance: 'run-reader' },
  },
  { label: 'run token of a finance run', kind: 'run', every: null, herds: {} },
]

/** What the matrix expects a caller may do: the rules restated, independently of access-rule.ts. */
function expectAllowed(
  caller: Caller,
  rule: AccessRule,
  pathHerd: string,
  route: { readonly method: string; readonly template: string },
): boolean {
  if (rule.scope === 'public') return true
  // A run token passes only its own run's path; the matrix's run ids are never its run.
  if (caller.kind === 'run') return false
  if (rule.scope === 'signed-in') return true
  if (rule.scope === 'instance') return caller.every !== null && roleAllows(caller.every, rule.role)
  const roles = [caller.every, caller.herds[pathHerd]].filter((r) => r !== null && r !== undefined)
  if (roles.some((r) => roleAllows(r, rule.role))) return true
  if (caller.custom?.[pathHerd] !== 'run-reader') return false
  // RUN_READER, read by hand: the route's path under the herd, and its method.
  const under = '/api/v1/herds/{herd}/'
  if (!route.template.startsWith(under)) return false
  const resource = route.template.slice(under.length)
  if (route.method === 'get')
    return /^runs(\/.*)?$/.test(resource) && !/^runs\/[^/]+\/logs$/.test(resource)
  return route.method === 'post' && /^runs\/[^/]+\/cancel$/.test(resource)
}

/**
 * Who may call each route, written out by hand: a route added without an entry here, or whose
 * rule changes, fails the test below until someone decides its rule on purpose.
 */
const EXPECTED_RULES: Readonly<Record<string, AccessRule>> = {
  'get /healthz': { scope: 'public' },
  'get /readyz': { scope: 'public' },
  'get /api/v1/herds': { scope: 'signed-in' },
  'post /api/v1/herds': { scope: 'instance', role: 'admin' },
  'get /api/v1/herds/{herd}/tokens': { scope: 'herd', role: 'admin' },
  'post /api/v1/herds/{herd}/tokens': { scope: 'herd', role: 'admin' },
  'delete /api/v1/herds/{herd}/tokens/{id}': { scope: 'herd', role: 'admin' },
  'post /api/v1/herds/{herd}/pipelines': { scope: 'herd', role: 'editor' },
  'get /api/v1/herds/{herd}/pipelines': { scope: 'herd', role: 'viewer' },
  'get /api/v1/herds/{herd}/pipelines/{name}/versions': { scope: 'herd', role: 'viewer' },
  'get /api/v1/herds/{herd}/contracts': { scope: 'herd', role: 'viewer' },
  'get /api/v1/herds/{herd}/contracts/{name}/versions': { scope: 'herd', role: 'viewer' },
  'get /api/v1/herds/{herd}/contracts/{name}/versions/{version}': { scope: 'herd', role: 'viewer' },
  'get /api/v1/herds/{herd}/contracts/by-hash/{hash}': { scope: 'herd', role: 'viewer' },
  'get /api/v1/herds/{herd}/datasets/{name}/versions/{version}/schema': {
    scope: 'herd',
    role: 'viewer',
  },
  'get /api/v1/herds/{herd}/runs': { scope: 'herd', role: 'viewer' },
  'post /api/v1/herds/{herd}/runs': { scope: 'herd', role: 'editor' },
  'post /api/v1/herds/{herd}/runs/{runId}/cancel': { scope: 'herd', role: 'editor' },
  'get /api/v1/herds/{herd}/runs/{runId}': { scope: 'herd', role: 'viewer' },
  'get /api/v1/herds/{herd}/runs/{runId}/events': { scope: 'herd', role: 'viewer' },
  'get /api/v1/herds/{herd}/runs/{runId}/logs': { scope: 'herd', role: 'viewer' },
  'get /api/v1/herds/{herd}/datasets': { scope: 'herd', role: 'viewer' },
  'get /api/v1/herds/{herd}/datasets/{name}/versions': { scope: 'herd', role: 'viewer' },
  'post /api/v1/herds/{herd}/datasets/{name}/versions': { scope: 'herd', role: 'editor' },
  'get /api/v1/herds/{herd}/datasets/{name}/versions/{version}/content': {
    scope: 'herd',
    role: 'viewer',
  },
  'get /api/v1/herds/{herd}/datasets/{name}/versions/{version}/sample': {
    scope: 'herd',
    role: 'viewer',
  },
  'get /api/v1/audit/verify': { scope: 'instance', role: 'admin' },
  'get /api/v1/audit/entries': { scope: 'instance', role: 'admin' },
  'get /api/v1/audit/export': { scope: 'instance', role: 'admin' },
  'get /api/v1/herds/{herd}/lineage': { scope: 'herd', role: 'viewer' },
  'get /metrics': { scope: 'instance', role: 'viewer' },
  'get /api/v1/herds/{herd}/members': { scope: 'herd', role: 'admin' },
  'put /api/v1/herds/{herd}/members/{user}': { scope: 'herd', role: 'admin' },
  'delete /api/v1/herds/{herd}/members/{user}': { scope: 'herd', role: 'admin' },
  'get /api/v1/members': { scope: 'instance', role: 'admin' },
  'put /api/v1/members/{user}': { scope: 'instance', role: 'admin' },
  'delete /api/v1/members/{user}': { scope: 'instance', role: 'admin' },
  'get /api/v1/me': { scope: 'signed-in' },
  'get /api/v1/auth/login': { scope: 'public' },
  'get /api/v1/auth/callback': { scope: 'public' },
  'post /api/v1/auth/token': { scope: 'public' },
  'post /api/v1/auth/logout': { scope: 'public' },
  'post /api/v1/herds/{herd}/runs/{runId}/token': { scope: 'herd', role: 'editor' },
  'get /api/v1/herds/{herd}/roles': { scope: 'herd', role: 'admin' },
  'put /api/v1/herds/{herd}/roles/{role}': { scope: 'herd', role: 'admin' },
}

const json = async <T>(r: Response): Promise<T> => (await r.json()) as T

/** A secret the caller signs in with: an API token, a user's session, or a run's token. */
async function signIn(t: TestBarn, caller: Caller, runId: string): Promise<string> {
  if (caller.kind === 'run') return (await t.barn.runTokens.mint(runId, 3_600_000)).secret
  if (caller.kind === 'token') {
    const [herd, role] = Object.entries(caller.herds)[0] ?? [null, caller.every]
    return (await t.barn.tokens.create({ name: caller.label, herd, role: role as HerdRole })).secret
  }
  const user = await t.barn.users.signIn({ issuer: 'https://id.test', subject: caller.label })
  if (caller.every) await t.barn.members.set(null, user.id, caller.every)
  for (const [herd, role] of Object.entries(caller.custom ?? {})) {
    await t.barn.roles.define(herd, role, RUN_READER)
    await t.barn.members.set(herd, user.id, role)
  }
  for (const [herd, role] of Object.entries(caller.herds))
    if (role) await t.barn.members.set(herd, user.id, role)
  return (await t.barn.sessions.start(user.id, 3_600_000, 'test')).secret
}

describe.each(barnFactories)('the control plane API: $name', (factory) => {
  let t: TestBarn
  let app: App
  const secrets = new Map<string, string>()
  let runId: string
  const call = (path: string, secret?: string, init: RequestInit = {}): Promise<Response> =>
    Promise.resolve(
      app.request(path, {
        ...init,
        headers: {
          // A user signs in with the console's session cookie (and sends the CSRF header).
          ...(secret?.startsWith('rs_')
            ? { cookie: `runink_session=${secret}`, 'x-runink-csrf': '1' }
            : secret
              ? { authorization: `Bearer ${secret}` }
              : {}),
          ...(init.body ? { 'content-type': 'application/json' } : {}),
          ...init.headers,
        },
      }),
    )
  const as = (label: string): string => secrets.get(label) as string

  beforeAll(async () => {
    t = await factory.open()
    for (const herd of ['finance', 'ops']) await t.barn.herds.ensure(herd)
    const plan = await t.barn.plans.put({ p: 'run token' }, { name: 'p' })
    runId = (await t.barn.runs.create({ planHash: plan.hash, herd: 'finance' })).run.id
    for (const c of CALLERS) secrets.set(c.label, await signIn(t, c, runId))
    app = createApp({ barn: t.barn, maxBodyBytes: 4096 })
  })
  afterAll(() => t.cleanup())

  it('serves health, readiness and an OpenAPI 3.1 document in which every operation says who may call it', async () => {
    expect(await json(await call('/healthz'))).toEqual({ status: 'ok' })
    expect(await json(await call('/readyz'))).toEqual({
      status: 'ok',
      checks: { database: 'ok' },
    })
    const doc = await json<{ openapi: string; paths: Record<string, Record<string, object>> }>(
      await call(OPENAPI_PATH),
    )
    expect(doc.openapi).toBe('3.1.0')
    const rules = Object.fromEntries(
      Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => [
          `${method} ${path}`,
          (op as Record<string, unknown>)[ACCESS_EXTENSION],
        ]),
      ),
    )
    expect(rules).toEqual(EXPECTED_RULES)
  })

  // Generated from the OpenAPI document: every route × every caller × own and other herd. A new
  // route is covered the moment it is added; one without a rule never gets this far.
  it('enforces every route’s rule for every caller, in its own herd and another', async () => {
    const doc = await json<{ paths: Record<string, Record<string, Record<string, unknown>>> }>(
      await call(OPENAPI_PATH),
    )
    const checked: string[] = []
    for (const [template, methods] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(methods)) {
        const rule = op[ACCESS_EXTENSION] as AccessRule
        for (const pathHerd of ['finance', 'ops']) {
          const path = template
            .replace('{herd}', pathHerd)
            .replace(/\{\w+\}/g, '01a00000-0000-7000-8000-000000000000')
          const init = { method: method.toUpperCase() }
          const anonymous = await call(path, undefined, init)
          expect(anonymous.status, `${method} ${path} without a token`).toBe(
            rule.scope === 'public' ? anonymous.status : 401,
          )
          if (rule.scope === 'public') expect(anonymous.status).toBeLessThan(500)
          for (const caller of CALLERS) {
            const r = await call(path, as(caller.label), init)
            const allowed = expectAllowed(caller, rule, pathHerd, { method, template })
            const what = `${caller.label}: ${method.toUpperCase()} ${path}`
            if (allowed) expect([401, 403, 500], what).not.toContain(r.status)
            else {
              expect(r.status, what).toBe(403)
              expect(apiErrorSchema.parse(await r.json()).error.code).toBe('RUNINK_AUTH_FORBIDDEN')
            }
            checked.push(what)
            // Signing out ended the user's session: sign in again for the routes after.
            if (template === '/api/v1/auth/logout' && caller.kind === 'user')
              secrets.set(caller.label, await signIn(t, caller, runId))
          }
        }
      }
    expect(checked.length).toBeGreaterThanOrEqual(10 * 2 * CALLERS.length)
    // Every denial is audited with who asked.
    const denials = await t.barn.audit.query({ action: 'auth.deny', limit: 10_000 })
    expect(denials.length).toBeGreaterThan(0)
    expect(denials.every((d) => /^(token|user|run):/.test(d.actor))).toBe(true)
    expect(denials.some((d) => d.actor.startsWith('user:'))).toBe(true)
    expect(denials.some((d) => d.actor.startsWith('run:'))).toBe(true)
  })

  it('shows a herd’s token only its own herd, and another herd’s runs not even as existing', async () => {
    const herds = await json<{ items: Array<{ name: string }> }>(
      await call('/api/v1/herds', as('finance viewer')),
    )
    expect(herds.items.map((h) => h.name)).toEqual(['finance'])
    const all = await json<{ items: Array<{ name: string }> }>(
      await call('/api/v1/herds', as('instance viewer')),
    )
    expect(all.items.map((h) => h.name)).toEqual(['default', 'finance', 'ops'])
    const plan = await t.barn.plans.put({ p: 1 }, { name: 'p' })
    const { run } = await t.barn.runs.create({ planHash: plan.hash, herd: 'ops' })
    // Asked under finance's path, ops' run is not found, even for an instance admin.
    const r = await call(`/api/v1/herds/finance/runs/${run.id}`, as('instance admin'))
    expect(r.status).toBe(404)
    const own = await call(`/api/v1/herds/ops/runs/${run.id}`, as('ops viewer'))
    expect(own.status).toBe(200)
    expect(runStatusSchema.parse(await own.json()).run.id).toBe(run.id)
  })

  it('exports Prometheus metrics of its requests by route and of the Barn’s runs by herd and status', async () => {
    const plan = await t.barn.plans.put({ p: 3 }, { name: 'p' })
    await t.barn.runs.create({ planHash: plan.hash, herd: 'finance' })
    await call('/api/v1/herds/finance/runs', as('finance viewer'))
    const r = await call('/metrics', as('instance viewer'))
    expect(r.status).toBe(200)
    const text = await r.text()
    expect(text).toMatch(
      /runink_http_requests_total\{method="GET",route="\/api\/v1\/herds\/:herd\/runs",status="200"\} \d+/,
    )
    expect(text).toMatch(/runink_runs\{herd="finance",status="queued"\} [1-9]/)
    expect(text).toMatch(/runink_run_queue_depth\{herd="finance"\} [1-9]/)
    expect(text).toContain('process_cpu_seconds_total')
  })

  it('pages runs newest first without skipping or repeating one', async () => {
    await t.barn.herds.ensure('pages')
    const plan = await t.barn.plans.put({ p: 2 }, { name: 'p' })
    const ids: string[] = []
    for (let i = 0; i < 5; i++)
      ids.push((await t.barn.runs.create({ planHash: plan.hash, herd: 'pages' })).run.id)
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const q: string = cursor ? `&cursor=${cursor}` : ''
      const page = pageOf(apiRunSchema).parse(
        await (await call(`/api/v1/herds/pages/runs?limit=2${q}`, as('instance viewer'))).json(),
      )
      seen.push(...page.items.map((r) => r.id))
      cursor = page.next_cursor
      pages++
    } while (cursor !== null)
    expect(pages).toBe(3)
    expect(seen).toEqual([...ids].reverse())
  })

  it('reads the audit trail a page at a time, every entry once, and a later read goes on from the last cursor', async () => {
    const read = async (cursor: string | null) => {
      const q = cursor ? `&cursor=${cursor}` : ''
      const r = await call(`/api/v1/audit/entries?limit=7${q}`, as('instance admin'))
      expect(r.status).toBe(200)
      return json<{ items: Array<{ seq: number }>; next_cursor: string | null }>(r)
    }
    const seqs: number[] = []
    let cursor: string | null = null
    for (;;) {
      const page = await read(cursor)
      seqs.push(...page.items.map((e) => e.seq))
      if (page.items.length === 0) break
      cursor = page.next_cursor
    }
    const count = (await t.barn.audit.query({ limit: 100_000 })).length
    expect(seqs).toEqual(Array.from({ length: count }, (_, i) => i + 1))
    await t.barn.herds.ensure('later')
    const more = await read(cursor)
    expect(more.items.map((e) => e.seq)).toEqual([count + 1])
    expect((await call(`/api/v1/audit/entries?cursor=nope`, as('instance admin'))).status).toBe(400)
    expect(await json(await call('/api/v1/audit/verify', as('instance admin')))).toMatchObject({
      ok: true,
    })
  })

  it('lets an instance admin make a herd and a token for it, which works there only until revoked', async () => {
    const admin = as('instance admin')
    const made = await call('/api/v1/herds', admin, {
      method: 'POST',
      body: JSON.stringify({ name: 'research' }),
    })
    expect(made.status).toBe(201)
    const again = await call('/api/v1/herds', admin, {
      method: 'POST',
      body: JSON.stringify({ name: 'research' }),
    })
    expect(again.status).toBe(409)
    expect((await json<ApiError>(again)).error.code).toBe('RUNINK_HERD_EXISTS')
    const created = await call('/api/v1/herds/research/tokens', admin, {
      method: 'POST',
      body: JSON.stringify({ name: 'nightly', role: 'editor', expiresInDays: 7 }),
    })
    expect(created.status).toBe(201)
    const { token, secret } = await json<{
      token: { id: string; expiresAt: string }
      secret: string
    }>(created)
    expect(secret).toMatch(/^rk_[\w-]{43}$/)
    expect(Date.parse(token.expiresAt) - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000)
    expect((await call('/api/v1/herds/research/runs', secret)).status).toBe(200)
    expect((await call('/api/v1/herds/finance/runs', secret)).status).toBe(403)
    // A herd admin of another herd cannot revoke it, and the herd's own path must match.
    expect(
      (
        await call(`/api/v1/herds/finance/tokens/${token.id}`, as('finance admin'), {
          method: 'DELETE',
        })
      ).status,
    ).toBe(404)
    const revoked = await call(`/api/v1/herds/research/tokens/${token.id}`, admin, {
      method: 'DELETE',
    })
    expect(revoked.status).toBe(200)
    const after = await call('/api/v1/herds/research/runs', secret)
    expect(after.status).toBe(401)
    expect((await json<ApiError>(after)).error.code).toBe('RUNINK_AUTH_INVALID')
    const made_ = await t.barn.audit.query({ action: 'token.create', herd: 'research' })
    expect(made_.map((e) => e.actor)).toEqual([expect.stringMatching(/^token:instance admin@/)])
  })

  it('answers bad requests, unknown routes and oversized bodies with the error shape, a code and the request id', async () => {
    const bad = await call('/api/v1/herds/finance/runs?limit=0', as('finance viewer'))
    expect(bad.status).toBe(400)
    const body = apiErrorSchema.parse(await bad.json())
    expect(body.error.code).toBe('RUNINK_HTTP_BAD_REQUEST')
    expect(body.error.message).toContain('limit')
    expect(bad.headers.get('x-request-id')).toBe(body.request_id)
    const none = await call('/api/v1/nothing', as('instance admin'))
    expect(none.status).toBe(404)
    expect(apiErrorSchema.parse(await none.json()).error.code).toBe('RUNINK_HTTP_NOT_FOUND')
    const big = await call('/api/v1/herds', as('instance admin'), {
      method: 'POST',
      body: JSON.stringify({ name: 'x'.repeat(10_000) }),
    })
    expect(big.status).toBe(413)
    expect(apiErrorSchema.parse(await big.json()).error.code).toBe('RUNINK_HTTP_TOO_LARGE')
    const wrong = await call('/api/v1/herds/finance/runs', 'Bearer nope')
    expect(wrong.status).toBe(401)
    expect((await call('/api/v1/herds/finance/runs')).status).toBe(401)
  })
})
