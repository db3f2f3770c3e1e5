import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import { healthSchema } from '@runink/protocol'
import { ACCESS_EXTENSION } from './secured-route.js'
import type { ServerDeps } from '../app/server-deps.js'
import type { ServerEnv } from '../app/server-env.js'

const PUBLIC = { [ACCESS_EXTENSION]: { scope: 'public' } } as const

const healthz = createRoute({
  ...PUBLIC,
  method: 'get',
  path: '/healthz',
  summary: 'The process answers.',
  responses: {
    200: { description: 'alive', content: { 'application/json': { schema: healthSchema } } },
  },
})

const readyz = createRoute({
  ...PUBLIC,
  method: 'get',
  path: '/readyz',
  summary:
    'Ready to serve: the Barn’s database answers (its schema was migrated to this code’s when the server opened it).',
  responses: {
    200: { description: 'ready', content: { 'application/json': { schema: healthSchema } } },
    503: { description: 'not ready', content: { 'application/json': { schema: healthSchema } } },
  },
})

/** `/healthz` and `/readyz`, for load balancers and orchestrators: no token needed. */
export function registerHealthRoutes(app: OpenAPIHono<ServerEnv>, deps: ServerDeps): void {
  app.openapi(healthz, (c) => c.json({ status: 'ok' as const }, 200))
  app.openapi(readyz, async (c) => {
    try {
      await deps.barn.herds.list()
      return c.json({ status: 'ok' as const, checks: { database: 'ok' } }, 200)
    } catch (error) {
      return c.json(
        { status: 'unavailable' as const, checks: { database: (error as Error).message } },
        503,
      )
    }
  })
}
