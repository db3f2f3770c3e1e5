import { z, type OpenAPIHono } from '@hono/zod-openapi'
import { RuninkError } from '@runink/core'
import {
  apiRunSchema,
  apiRunStatusSchema,
  pageOf,
  pageQuerySchema,
  runStatusFilterSchema,
  runSubmitSchema,
  runSubmittedSchema,
  ServerCodes,
} from '@runink/protocol'
import type { Pipeline } from '@runink/store'
import { authorize } from '../auth/authorize.js'
import { actorOf, seesEveryHerd } from '../auth/principal.js'
import { decodeCursor, encodeCursor } from '../app/cursor.js'
import { requireHerd } from '../app/require-herd.js'
import type { ServerDeps } from '../app/server-deps.js'
import type { ServerEnv } from '../app/server-env.js'
import { toApiRun } from '../app/to-api.js'
import { requireExecutor } from '../runs/require-executor.js'
import { runStatusOf } from '../runs/run-status-of.js'
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
      'A run with its stages, slices, counts, inputs, the dataset versions it wrote and the pipeline version it ran (the run-status message).',
    request: { params: herdParam.extend({ runId: z.string().max(64) }) },
    responses: {
      200: {
        description: 'the run',
        content: { 'application/json': { schema: apiRunStatusSchema } },
      },
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
      'Runs an uploaded pipeline version (`pipeline`, `version`: default the latest), or a bundle (feature file, contracts, steps, local data: uploaded as a version first), on the server’s host; answers once the run has started.',
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

/** The `{ name, version }` of a run's pipeline version; null for a run that ran none. */
function pipelineRefOf(p: Pipeline | undefined): { name: string; version: number } | null {
  return p ? { name: p.name, version: p.version } : null
}

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
    const pipelines = await barn.pipelines.ofRuns(page.map((r) => r.id))
    return c.json(
      {
        items: page.map((r) => ({ ...toApiRun(r), pipeline: pipelineRefOf(pipelines.get(r.id)) })),
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
      const submitted = await requireExecutor(deps.executor).submit(
        herd,
        c.req.valid('json'),
        principal ? actorOf(principal) : 'server',
      )
      const { runId, planHash, pipeline } = submitted
      return c.json({ runId, planHash, pipeline }, 202)
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
    return c.json(await runStatusOf(barn, herd, runId), 200)
  })
}
