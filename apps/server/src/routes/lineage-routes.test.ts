import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { uuidV7Ids } from '@runink/core'
import { apiLineageGraphSchema } from '@runink/protocol'
import { herdNamespace } from '@runink/store'
import { barnFactories, type TestBarn } from '@runink/store/testing'
import { createApp } from '../app/create-app.js'

type App = ReturnType<typeof createApp>

describe.each(barnFactories)('lineage and audit export over the API: $name', (factory) => {
  let t: TestBarn
  let app: App
  let financeRun: string
  let opsRun: string
  const secrets: Record<string, string> = {}
  const get = (path: string, who: string): Promise<Response> =>
    Promise.resolve(app.request(path, { headers: { authorization: `Bearer ${secrets[who]}` } }))

  beforeAll(async () => {
    t = await factory.open()
    for (const herd of ['finance', 'ops']) await t.barn.herds.ensure(herd)
    secrets.finance = (
      await t.barn.tokens.create({ name: 'f', herd: 'finance', role: 'viewer' })
    ).secret
    secrets.admin = (await t.barn.tokens.create({ name: 'a', herd: null, role: 'admin' })).secret
    const plan = await t.barn.plans.put({ lineage: true }, { name: 'lineage' })
    financeRun = (await t.barn.runs.create({ planHash: plan.hash, herd: 'finance' })).run.id
    opsRun = (await t.barn.runs.create({ planHash: plan.hash, herd: 'ops' })).run.id
    const fin = herdNamespace('finance')
    const ops = herdNamespace('ops')
    const complete = (
      runId: string,
      job: { namespace: string; name: string },
      inputs: Array<{ namespace: string; name: string }>,
      outputs: Array<{ namespace: string; name: string }>,
    ) =>
      t.barn.lineage.emit(
        {
          eventType: 'COMPLETE',
          eventTime: new Date(),
          runId: uuidV7Ids.next(),
          job,
          inputs,
          outputs,
        },
        runId,
      )
    // ops makes ops.shared from a file of its own; finance reads it (a grant) and a file.
    await complete(
      opsRun,
      { namespace: ops, name: 'ops.make' },
      [{ namespace: 'file', name: '/ops/secret.csv' }],
      [{ namespace: ops, name: 'ops.shared' }],
    )
    await complete(
      financeRun,
      { namespace: fin, name: 'fin.join' },
      [
        { namespace: ops, name: 'ops.shared' },
        { namespace: 'file', name: '/fin/trades.csv' },
      ],
      [{ namespace: fin, name: 'silver.trades' }],
    )
    app = createApp({ barn: t.barn })
  })
  afterAll(() => t.cleanup())

  it("draws a herd's graph from a dataset or a run without another herd's nodes", async () => {
    const res = await get('/api/v1/herds/finance/lineage?dataset=silver.trades', 'finance')
    expect(res.status).toBe(200)
    const graph = apiLineageGraphSchema.parse(await res.json())
    const ids = graph.nodes.map((n) => n.id).sort()
    expect(ids).toEqual([
      'dataset:file//fin/trades.csv',
      'dataset:runink://finance/silver.trades',
      'job:runink://finance/fin.join',
    ])
    expect(graph.edges).toHaveLength(2)
    const byRun = apiLineageGraphSchema.parse(
      await (await get(`/api/v1/herds/finance/lineage?run=${financeRun}`, 'finance')).json(),
    )
    expect(byRun.nodes.map((n) => n.id).sort()).toEqual(ids)
    // Even an instance admin asking in finance sees only finance's part.
    const admin = apiLineageGraphSchema.parse(
      await (
        await get('/api/v1/herds/finance/lineage?dataset=silver.trades&direction=upstream', 'admin')
      ).json(),
    )
    expect(admin.nodes.map((n) => n.id).sort()).toEqual(ids)
    const downstream = apiLineageGraphSchema.parse(
      await (
        await get(
          '/api/v1/herds/finance/lineage?dataset=silver.trades&direction=downstream',
          'admin',
        )
      ).json(),
    )
    expect(downstream).toEqual({
      nodes: [
        {
          id: 'dataset:runink://finance/silver.trades',
          kind: 'dataset',
          namespace: herdNamespace('finance'),
          name: 'silver.trades',
        },
      ],
      edges: [],
    })
  })

  it("says another herd's run is not found, and a query with no start or two is a 400", async () => {
    const other = await get(`/api/v1/herds/finance/lineage?run=${opsRun}`, 'finance')
    expect(other.status).toBe(404)
    expect(JSON.stringify(await other.json())).not.toContain('ops')
    const none = await get('/api/v1/herds/finance/lineage', 'finance')
    expect(none.status).toBe(400)
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe(
      'RUNINK_HTTP_BAD_REQUEST',
    )
    const both = await get(
      `/api/v1/herds/finance/lineage?run=${financeRun}&dataset=silver.trades`,
      'finance',
    )
    expect(both.status).toBe(400)
    // Another herd's dataset: an empty graph, as for a name never written.
    const theirs = await get('/api/v1/herds/finance/lineage?dataset=ops.shared', 'finance')
    expect(await theirs.json()).toEqual({ nodes: [], edges: [] })
  })

  it('exports the audit log as NDJSON after a seq, streamed, for an instance admin', async () => {
    const all = await get('/api/v1/audit/export', 'admin')
    expect(all.status).toBe(200)
    expect(all.headers.get('content-type')).toBe('application/x-ndjson')
    const lines = (await all.text()).trimEnd().split('\n')
    const seqs = lines.map((l) => (JSON.parse(l) as { seq: number }).seq)
    expect(seqs).toEqual((await t.barn.audit.query({ limit: 10_000 })).map((e) => e.seq))
    expect(lines[0]).toBe(JSON.stringify((await t.barn.audit.query({ limit: 1 }))[0]))
    const after = seqs[1] as number
    const rest = (await (await get(`/api/v1/audit/export?after=${after}`, 'admin')).text())
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as { seq: number }).seq)
    expect(rest).toEqual(seqs.filter((s) => s > after))
    const since = new Date(Date.now() + 60_000).toISOString()
    const future = await get(`/api/v1/audit/entries?since=${since}`, 'admin')
    expect(((await future.json()) as { items: unknown[] }).items).toEqual([])
    const bad = await get('/api/v1/audit/export?after=-1', 'admin')
    expect(bad.status).toBe(400)
    expect((await get('/api/v1/audit/export', 'finance')).status).toBe(403)
  })
})
