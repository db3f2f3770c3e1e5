import { z, type OpenAPIHono } from '@hono/zod-openapi'
import { RuninkError } from '@runink/core'
import {
  apiPipelineSchema,
  pageOf,
  pageQuerySchema,
  pipelineBundleSchema,
  pipelineNameSchema,
  pipelineUploadedSchema,
  type ApiPipeline,
} from '@runink/protocol'
import { StoreErrors, type Pipeline } from '@runink/store'
import { authorize } from '../auth/authorize.js'
import { actorOf, seesEveryHerd } from '../auth/principal.js'
import { decodeCursor, encodeCursor } from '../app/cursor.js'
import { requireHerd } from '../app/require-herd.js'
import type { ServerDeps } from '../app/server-deps.js'
import type { ServerEnv } from '../app/server-env.js'
import { requireExecutor } from '../runs/require-executor.js'
import { herdParam } from './herd-param.js'
import { ERROR_RESPONSES, securedRoute } from './secured-route.js'

const uploadPipeline = securedRoute(
  { scope: 'herd', role: 'editor' },
  {
    method: 'post',
    path: '/api/v1/herds/{herd}/pipelines',
    summary:
      'Uploads a pipeline bundle (feature file, contracts, steps, local data): compiled here, it becomes the next version of the pipeline its feature names, or is the latest version when nothing changed.',
    request: {
      params: herdParam,
      body: { content: { 'application/json': { schema: pipelineBundleSchema } }, required: true },
    },
    responses: {
      200: {
        description: 'the version the bundle is',
        content: { 'application/json': { schema: pipelineUploadedSchema } },
      },
      ...ERROR_RESPONSES,
    },
  },
)

const listPipelines = securedRoute(
  { scope: 'herd', role: 'viewer' },
  {
    method: 'get',
    path: '/api/v1/herds/{herd}/pipelines',
    summary: "The herd's pipelines by name, each as its latest version, a page at a time.",
    request: { params: herdParam, query: pageQuerySchema },
    responses: {
      200: {
        description: 'a page of pipelines',
        content: { 'application/json': { schema: pageOf(apiPipelineSchema) } },
      },
      ...ERROR_RESPONSES,
    },
  },
)

const listPipelineVersions = securedRoute(
  { scope: 'herd', role: 'viewer' },
  {
    method: 'get',
    path: '/api/v1/herds/{herd}/pipelines/{name}/versions',
    summary: 'Every version of one of the herd’s pipelines, newest first.',
    request: { params: herdParam.extend({ name: pipelineNameSchema }) },
    responses: {
      200: {
        description: 'versions',
        content: {
          'application/json': { schema: z.object({ items: z.array(apiPipelineSchema) }) },
        },
      },
      ...ERROR_RESPONSES,
    },
  },
)

/** A pipeline version as the API shows it. */
function toApiPipeline(p: Pipeline): ApiPipeline {
  return {
    name: p.name,
    version: p.version,
    planHash: p.planHash,
    bundleHash: p.bundleHash,
    feature: p.feature,
    createdAt: p.createdAt.toISOString(),
    createdBy: p.createdBy,
  }
}

/** Versioned pipelines of a herd: upload, list, versions. */
export function registerPipelineRoutes(app: OpenAPIHono<ServerEnv>, deps: ServerDeps): void {
  const { barn } = deps
  app.openapi(
    { ...uploadPipeline.route, middleware: [authorize(deps, uploadPipeline.access)] },
    async (c) => {
      const { herd } = c.req.valid('param')
      const principal = c.get('principal')
      await requireHerd(barn, herd, seesEveryHerd(principal))
      const { pipeline, created } = await requireExecutor(deps.executor).upload(
        herd,
        c.req.valid('json'),
        principal ? actorOf(principal) : 'server',
      )
      const { name, version, planHash } = pipeline
      return c.json({ name, version, planHash, created }, 200)
    },
  )
  app.openapi(
    { ...listPipelines.route, middleware: [authorize(deps, listPipelines.access)] },
    async (c) => {
      const { herd } = c.req.valid('param')
      const { limit, cursor } = c.req.valid('query')
      await requireHerd(barn, herd, seesEveryHerd(c.get('principal')))
      const after = cursor === undefined ? undefined : decodeCursor(cursor, 1)[0]
      const found = await barn.pipelines.list({
        herd,
        limit: limit + 1,
        ...(after === undefined ? {} : { after }),
      })
      const page = found.slice(0, limit)
      const last = page.at(-1)
      return c.json(
        {
          items: page.map(toApiPipeline),
          next_cursor: found.length > limit && last ? encodeCursor([last.name]) : null,
        },
        200,
      )
    },
  )
  app.openapi(
    { ...listPipelineVersions.route, middleware: [authorize(deps, listPipelineVersions.access)] },
    async (c) => {
      const { herd, name } = c.req.valid('param')
      await requireHerd(barn, herd, seesEveryHerd(c.get('principal')))
      const versions = await barn.pipelines.versions(herd, name)
      if (versions.length === 0)
        throw new RuninkError(
          StoreErrors.RUNINK_STORE_NOT_FOUND,
          `no pipeline ${name} in herd ${herd}`,
          { details: { what: 'pipeline', id: name, herd } },
        )
      return c.json({ items: versions.map(toApiPipeline) }, 200)
    },
  )
}
