import { z, type OpenAPIHono } from '@hono/zod-openapi'
import { RuninkError } from '@runink/core'
import {
  apiRunSchema,
  pageOf,
  pageQuerySchema,
  RUN_STATUS,
  runStatusFilterSchema,
  runStatusSchema,
  runSubmitSchema,
  runSubmittedSchema,
  ServerCodes,
} from '@runink/protocol'
import { StoreErrors } from '@runink/store'
import { authorize } from '../auth/authorize.js'
import { actorOf, seesEveryHerd } from '../auth/principal.js'
import { decodeCursor, encodeCursor } from '../app/cursor.js'
import { requireHerd } from '../app/require-herd.js'
import type { ServerDeps } from '../app/server-deps.js'
import type { ServerEnv } from '../app/server-env.js'
import { toApiRun } from '../app/to-api.js'
import { herdParam } from './herd-param.js'
import { ERROR_RESPONSES, securedRoute } from './secured-route.js'

const listRuns = securedRoute(
  { scope: 'herd', role: 'viewer' },
  {
    method: 'get',
    path: '/api/v1/herds/{herd}/runs',
    summary: "The herd's runs, newest first, a page at a time.",
    request: { params: herdParam, query: pageQuerySchema.extend(runStatusFilterSchema.shape) },
    responses: {
      200: {
        description: 'a page of runs',
        content: { 'application/json': { schema: pageOf(apiRunSchema) } },
      },
      ...ERROR_RESPONSES,
    },
  },
)

const getRun = securedRoute(
  { scope: 'herd', role: 'viewer' },
  {
    method: 'get',
    path: '/api/v1/herds/{herd}/runs/{runId}',
    summary:
      'A run with its stages, slices, counts, inputs and the dataset versions it wrote (the run-status message).',
    request: { params: herdParam.extend({ runId: z.string().max(64) }) },
    responses: {
      200: { description: 'the run', content: { 'application/json': { schema: runStatusSchema } } },
      ...ERROR_RESPONSES,
    },
  },
)

const submitRun = securedRoute(
  { scope: 'herd', role: 'editor' },
  {
    method: 'post',
    path: '/api/v1/herds/{herd}/runs',
    summary:
      'Runs a pipeline bundle (feature file, contracts, steps, local data) on the server’s host; answers once the run has started.',
    request: {
      params: herdParam,
      body: { content: { 'application/json': { schema: runSubmitSchema } }, required: true },
    },
    responses: {
      202: {
        description: 'started',
        content: { 'application/json': { schema: runSubmittedSchema } },
      },
      ...ERROR_RESPONSES,
    },
  },
)

const cancelRun = securedRoute(
  { scope: 'herd', role: 'editor' },
  {
    method: 'post',
    path: '/api/v1/herds/{herd}/runs/{runId}/cancel',
    summary: 'Cancels a run running on this server: its slices stop, nothing is published.',
    request: { params: herdParam.extend({ runId: z.string().max(64) }) },
    responses: {
      202: {
        description: 'cancelling',
        content: { 'application/json': { schema: z.object({ runId: z.string() }) } },
      },
      ...ERROR_RESPONSES,
    },
  },
)

/** Runs of a herd: a paged list and one run's status. */
export function registerRunRoutes(app: OpenAPIHono<ServerEnv>, deps: ServerDeps): void {
  const { barn } = deps
  app.openapi({ ...listRuns.route, middleware: [authorize(deps, listRuns.access)] }, async (c) => {
    const { herd } = c.req.valid('param')
    const { limit, cursor, status } = c.req.valid('query')
    await requireHerd(barn, herd, seesEveryHerd(c.get('principal')))
    const before = cursor === undefined ? undefined : decodeCursor(cursor, 2)
    const runs = await barn.runs.list({
      herd,
      limit: limit + 1,
      ...(status ? { status } : {}),
      ...(before
        ? { before: { createdAt: new Date(before[0] as string), id: before[1] as string } }
        : {}),
    })
    const page = runs.slice(0, limit)
    const last = page.at(-1)
    return c.json(
      {
        items: page.map(toApiRun),
        next_cursor:
          runs.length > limit && last
            ? encodeCursor([last.createdAt.toISOString(), last.id])
            : null,
      },
      200,
    )
  })
  app.openapi(
    { ...submitRun.route, middleware: [authorize(deps, submitRun.access)] },
    async (c) => {
      const { herd } = c.req.valid('param')
      const principal = c.get('principal')
      await requireHerd(barn, herd, seesEveryHerd(principal))
      if (!deps.executor)
        throw new RuninkError(
          ServerCodes.RUNINK_RUNS_UNAVAILABLE,
          'this server runs nothing: it was started without a home to run in',
        )
      const submitted = await deps.executor.submit(
        herd,
        c.req.valid('json'),
        principal ? actorOf(principal) : 'server',
      )
      return c.json({ runId: submitted.runId, planHash: submitted.planHash }, 202)
    },
  )
  app.openapi(
    { ...cancelRun.route, middleware: [authorize(deps, cancelRun.access)] },
    async (c) => {
      const { herd, runId } = c.req.valid('param')
      await requireHerd(barn, herd, seesEveryHerd(c.get('principal')))
      const run = await barn.runDetail(runId).catch(() => undefined)
      if (run?.run.herd !== herd || !deps.executor?.cancel(runId))
        throw new RuninkError(
          ServerCodes.RUNINK_RUN_NOT_RUNNING,
          `run ${runId} is not running on this server in herd ${herd}`,
          { details: { runId, herd } },
        )
      return c.json({ runId }, 202)
    },
  )
  app.openapi({ ...getRun.route, middleware: [authorize(deps, getRun.access)] }, async (c) => {
    const { herd, runId } = c.req.valid('param')
    await requireHerd(barn, herd, seesEveryHerd(c.get('principal')))
    const notFound = (): RuninkError =>
      new RuninkError(StoreErrors.RUNINK_STORE_NOT_FOUND, `no run ${runId} in herd ${herd}`, {
        details: { what: 'run', id: runId, herd },
      })
    const detail = await barn.runDetail(runId).catch((error: unknown) => {
      throw error instanceof RuninkError && error.code === StoreErrors.RUNINK_STORE_NOT_FOUND
        ? notFound()
        : error
    })
    // A run of another herd is not found here: never a hint that it exists.
    if (detail.run.herd !== herd) throw notFound()
    // Checked, and sent whole: what rides along (stats, cache keys, inputs, datasets written) is
    // what `runi status` prints, here or against the server.
    const message = JSON.parse(JSON.stringify({ ...RUN_STATUS, ...detail })) as unknown
    runStatusSchema.parse(message)
    return c.json(message as z.output<typeof runStatusSchema>, 200)
  })
}
