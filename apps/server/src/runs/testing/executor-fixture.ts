import { chmod } from 'node:fs/promises'
import { apiRunStatusSchema } from '@runink/protocol'
import { barnFactories, type TestBarn } from '@runink/store/testing'
import type { z } from 'zod'
import { createApp } from '../../app/create-app.js'
import type { ServerDeps } from '../../app/server-deps.js'
import { RunExecutor } from '../run-executor.js'

const b64 = (text: string): string => Buffer.from(text).toString('base64')

/** A one-stage pipeline `tiny` in herd `herd`: CSV in, validated, out as a dataset. */
export function tinyBundle(herd: string, rows = 'id\n1\n2\nx\n') {
  return {
    feature: 'p.dsl',
    files: {
      'p.dsl': b64(`@feature(name="tiny", herd="${herd}")
@contract(path="c.yaml")
Feature: tiny

Scenario: Ingest
  @source("csv://data/in.csv")
  @sink("dataset://tiny.ids")
  @sink("dataset://tiny.bad" when "!record.valid")
  Given the contract: c
`),
      'c.yaml': b64('contract: c\nversion: 1.0.0\nfields:\n  id: { type: int, required: true }\n'),
      'data/in.csv': b64(rows),
    },
  }
}

/** {@link tinyBundle} with an exec step running `script` (sh) before its sinks. */
export function tinyBundleWithStep(script: string) {
  const bundle = tinyBundle('finance')
  const feature = Buffer.from(bundle.files['p.dsl'], 'base64')
    .toString()
    .replace(
      '  @sink("dataset://tiny.ids")',
      '  @step(exec="sh step.sh")\n  @sink("dataset://tiny.ids")',
    )
  return { ...bundle, files: { ...bundle.files, 'p.dsl': b64(feature), 'step.sh': b64(script) } }
}

/** A Barn (PGlite) with herd `finance`, an editor and a viewer token, an executor and the app. */
export interface ExecutorFixture {
  readonly t: TestBarn
  readonly app: ReturnType<typeof createApp>
  readonly executor: RunExecutor
  readonly editor: string
  readonly viewer: string
  /** POSTs JSON as the token `secret`. */
  post(path: string, secret: string, body?: unknown): Promise<Response>
  /** GETs as the token `secret` (default the viewer), with more headers. */
  get(path: string, secret?: string, headers?: Record<string, string>): Promise<Response>
  /** The run's status once it has ended (polled). */
  finished(runId: string): Promise<z.output<typeof apiRunStatusSchema>>
  close(): Promise<void>
}

/** Opens an {@link ExecutorFixture}; slices run as processes (`isolation: process`). */
export async function openExecutorFixture(
  deps: Partial<ServerDeps> = {},
): Promise<ExecutorFixture> {
  const t = await (barnFactories[0] as (typeof barnFactories)[number]).open()
  // Slices run as another account when the tests run as root: the home must be reachable.
  await chmod(t.home, 0o755)
  await t.barn.herds.ensure('finance')
  const editor = (await t.barn.tokens.create({ name: 'ci', herd: 'finance', role: 'editor' }))
    .secret
  const viewer = (await t.barn.tokens.create({ name: 'look', herd: 'finance', role: 'viewer' }))
    .secret
  const executor = new RunExecutor({ barn: t.barn, home: t.home, isolation: 'process' })
  const app = createApp({ barn: t.barn, executor, ...deps })
  const get = (path: string, secret = viewer, headers: Record<string, string> = {}) =>
    Promise.resolve(
      app.request(path, { headers: { authorization: `Bearer ${secret}`, ...headers } }),
    )
  return {
    t,
    app,
    executor,
    editor,
    viewer,
    post: (path, secret, body) =>
      Promise.resolve(
        app.request(path, {
          method: 'POST',
          headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
      ),
    get,
    async finished(runId) {
      for (let i = 0; i < 600; i++) {
        const got = await get(`/api/v1/herds/finance/runs/${runId}`)
        const status = apiRunStatusSchema.parse(await got.json())
        if (status.run.status !== 'running' && status.run.status !== 'queued') return status
        await new Promise((res) => setTimeout(res, 100))
      }
      throw new Error(`run ${runId} did not end`)
    },
    async close() {
      await executor.close()
      await t.cleanup()
    },
  }
}
