import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { uuidV7Ids } from '@runink/core'
import { freePort } from '@runink/testing'
import { barnFactories, type TestBarn } from '../testing/barn-factories.js'
import { openLineageValidator } from '../testing/openlineage-validator.js'
import { herdNamespace, olDatasetName } from './dataset-naming.js'
import { LineagePoster } from './lineage-poster.js'

/** A local OpenLineage endpoint that fails the first `failures` requests with 503. */
async function endpoint(
  failures: number,
): Promise<{ url: string; received: unknown[]; requests: () => number; close(): Promise<void> }> {
  const received: unknown[] = []
  let requests = 0
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      requests += 1
      if (requests <= failures) {
        res.writeHead(503).end()
        return
      }
      received.push(JSON.parse(body))
      res.writeHead(201).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/api/v1/lineage`,
    received,
    requests: () => requests,
    close: () => new Promise((r) => server.close(() => r())),
  }
}

const ns = herdNamespace('default')
const file = olDatasetName('csv:///data/trades.csv', { herd: 'default' })
const bronze = { namespace: ns, name: 'bronze.trades' }
const silver = { namespace: ns, name: 'silver.trades' }
const dlq = { namespace: 'file', name: '/out/dlq.jsonl' }

describe.each(barnFactories)('lineage store and graph: $name', (factory) => {
  let t: TestBarn
  let server: Awaited<ReturnType<typeof endpoint>>
  const runId = uuidV7Ids.next()
  beforeAll(async () => {
    server = await endpoint(2)
    t = await factory.open({ openLineageUrl: server.url, openLineage: { initialDelayMs: 10 } })
    const parent = { runId, job: { namespace: ns, name: 'trades' } }
    const stage = async (
      name: string,
      inputs: (typeof bronze)[],
      outputs: (typeof bronze)[],
    ): Promise<void> => {
      const stageRun = uuidV7Ids.next()
      const job = { namespace: ns, name: `trades.${name}` }
      await t.barn.lineage.emit({
        eventType: 'START',
        eventTime: new Date(),
        runId: stageRun,
        job,
        parent,
        inputs,
      })
      await t.barn.lineage.emit({
        eventType: 'COMPLETE',
        eventTime: new Date(),
        runId: stageRun,
        job,
        parent,
        inputs,
        outputs,
      })
    }
    await stage('bronze', [file], [bronze])
    await stage('silver', [bronze], [silver, dlq])
  })
  afterAll(async () => {
    await t.cleanup()
    await server.close()
  })

  it('stores every event of a run, in order, each valid OpenLineage', async () => {
    const events = await t.barn.lineage.events({ runId })
    expect(events.map((e) => `${e.job.name}:${e.eventType}`)).toEqual([
      'trades.bronze:START',
      'trades.bronze:COMPLETE',
      'trades.silver:START',
      'trades.silver:COMPLETE',
    ])
    const validator = openLineageValidator()
    for (const e of events) expect(validator.check(e)).toEqual([])
  })

  it('posts them to the endpoint in order, retrying through failures', async () => {
    expect(await t.barn.lineage.flush(5_000)).toBe(true)
    expect(server.received).toEqual(await t.barn.lineage.events({ runId }))
    expect(server.requests()).toBe(4 + 2)
  })

  it('walks upstream and downstream from a dataset, and from a run', async () => {
    const up = await t.barn.lineage.graph({ dataset: silver }, 'upstream')
    expect(up.nodes.map((n) => n.id).sort()).toEqual(
      [
        'dataset:file//data/trades.csv',
        `dataset:${ns}/bronze.trades`,
        `dataset:${ns}/silver.trades`,
        `job:${ns}/trades.bronze`,
        `job:${ns}/trades.silver`,
      ].sort(),
    )
    const down = await t.barn.lineage.graph({ dataset: bronze }, 'downstream')
    expect(down.nodes.map((n) => n.name).sort()).toEqual([
      '/out/dlq.jsonl',
      'bronze.trades',
      'silver.trades',
      'trades.silver',
    ])
    expect(down.edges).toContainEqual({
      from: `job:${ns}/trades.silver`,
      to: 'dataset:file//out/dlq.jsonl',
    })
    const whole = await t.barn.lineage.graph({ runId })
    expect(whole.nodes).toHaveLength(6)
    expect(whole.edges).toHaveLength(5)
    expect(
      (await t.barn.lineage.graph({ dataset: { namespace: ns, name: 'unknown' } })).nodes,
    ).toEqual([])
  })
})

describe('LineagePoster', () => {
  it('never blocks or throws when the endpoint is down, and gives up after its attempts', async () => {
    const port = await freePort()
    const given: unknown[] = []
    const poster = new LineagePoster({
      url: `http://127.0.0.1:${port}/x`,
      attempts: 3,
      initialDelayMs: 5,
      onGiveUp: (e) => given.push(e),
    })
    const began = Date.now()
    poster.enqueue({ n: 1 })
    poster.enqueue({ n: 2 })
    expect(Date.now() - began).toBeLessThan(50)
    expect(await poster.flush(5_000)).toBe(true)
    expect(given).toEqual([{ n: 1 }, { n: 2 }])
    expect(poster.stats).toEqual({ delivered: 0, failed: 2 })
  })

  it('does not retry a request the endpoint rejects as bad', async () => {
    let hits = 0
    const bad = createServer((_req, res) => {
      hits += 1
      res.writeHead(400).end()
    })
    await new Promise<void>((r) => bad.listen(0, '127.0.0.1', r))
    const { port } = bad.address() as AddressInfo
    const poster = new LineagePoster({
      url: `http://127.0.0.1:${port}/`,
      attempts: 3,
      initialDelayMs: 5,
    })
    poster.enqueue({})
    await poster.flush()
    await new Promise((r) => bad.close(r))
    expect(hits).toBe(1)
    expect(poster.stats.failed).toBe(1)
  })
})
