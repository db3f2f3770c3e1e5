import { z, type OpenAPIHono } from '@hono/zod-openapi'
import { authorize } from '../auth/authorize.js'
import type { ServerDeps } from '../app/server-deps.js'
import type { ServerEnv } from '../app/server-env.js'
import type { ServerMetrics } from '../app/server-metrics.js'
import { ERROR_RESPONSES, securedRoute } from './secured-route.js'

const metrics = securedRoute(
  // Herd names and counts of every herd: for the instance's operators, not any herd's members.
  { scope: 'instance', role: 'viewer' },
  {
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics (text format 0.0.4); scrape with an instance-wide viewer token.',
    responses: {
      200: { description: 'metrics', content: { 'text/plain': { schema: z.string() } } },
      401: ERROR_RESPONSES[401],
      403: ERROR_RESPONSES[403],
    },
  },
)

/** `/metrics`, for Prometheus. */
export function registerMetricsRoutes(
  app: OpenAPIHono<ServerEnv>,
  deps: ServerDeps,
  serverMetrics: ServerMetrics,
): void {
  app.openapi({ ...metrics.route, middleware: [authorize(deps, metrics.access)] }, async (c) => {
    const { registry } = serverMetrics
    return c.text(await registry.metrics(), 200, { 'content-type': registry.contentType })
  })
}
