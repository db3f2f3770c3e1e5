import { z, type OpenAPIHono } from '@hono/zod-openapi'
import { RuninkError } from '@runink/core'
import { apiDatasetSchema, apiDatasetVersionSchema } from '@runink/protocol'
import { StoreErrors } from '@runink/store'
import { authorize } from '../auth/authorize.js'
import { seesEveryHerd } from '../auth/principal.js'
import { requireHerd } from '../app/require-herd.js'
import type { ServerDeps } from '../app/server-deps.js'
import type { ServerEnv } from '../app/server-env.js'
import { toApiDatasetVersion } from '../app/to-api.js'
import { herdParam } from './herd-param.js'
import { ERROR_RESPONSES, securedRoute } from './secured-route.js'

const listDatasets = securedRoute(
  { scope: 'herd', role: 'viewer' },
  {
    method: 'get',
    path: '/api/v1/herds/{herd}/datasets',
    summary: "The herd's datasets, each with its number of versions and the latest.",
    request: { params: herdParam },
    responses: {
      200: {
        description: 'datasets, by name',
        content: { 'application/json': { schema: z.object({ items: z.array(apiDatasetSchema) }) } },
      },
      ...ERROR_RESPONSES,
    },
  },
)

const listVersions = securedRoute(
  { scope: 'herd', role: 'viewer' },
  {
    method: 'get',
    path: '/api/v1/herds/{herd}/datasets/{name}/versions',
    summary: 'Every version of one dataset of the herd, oldest first.',
    request: { params: herdParam.extend({ name: z.string().min(1).max(200) }) },
    responses: {
      200: {
        description: 'versions',
        content: {
          'application/json': { schema: z.object({ items: z.array(apiDatasetVersionSchema) }) },
        },
      },
      ...ERROR_RESPONSES,
    },
  },
)

/** Datasets of a herd and their versions. */
export function registerDatasetRoutes(app: OpenAPIHono<ServerEnv>, deps: ServerDeps): void {
  const { barn } = deps
  app.openapi(
    { ...listDatasets.route, middleware: [authorize(deps, listDatasets.access)] },
    async (c) => {
      const { herd } = c.req.valid('param')
      await requireHerd(barn, herd, seesEveryHerd(c.get('principal')))
      const items = (await barn.datasets.list(herd)).map((d) => ({
        herd: d.herd,
        name: d.name,
        versions: d.versions,
        latest: d.latest ? toApiDatasetVersion(d.latest) : null,
      }))
      return c.json({ items }, 200)
    },
  )
  app.openapi(
    { ...listVersions.route, middleware: [authorize(deps, listVersions.access)] },
    async (c) => {
      const { herd, name } = c.req.valid('param')
      await requireHerd(barn, herd, seesEveryHerd(c.get('principal')))
      const versions = await barn.datasets.versions(name, herd)
      if (versions.length === 0)
        throw new RuninkError(
          StoreErrors.RUNINK_STORE_NOT_FOUND,
          `no dataset ${name} in herd ${herd}`,
          {
            details: { what: 'dataset', id: name, herd },
          },
        )
      return c.json({ items: versions.map(toApiDatasetVersion) }, 200)
    },
  )
}
