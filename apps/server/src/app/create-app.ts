import { randomUUID } from 'node:crypto'
import { OpenAPIHono } from '@hono/zod-openapi'
import { RuninkError } from '@runink/core'
import { ServerCodes } from '@runink/protocol'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { ACCESS_EXTENSION } from '../routes/secured-route.js'
import { registerAuditRoutes } from '../routes/audit-routes.js'
import { registerDatasetRoutes } from '../routes/dataset-routes.js'
import { registerHealthRoutes } from '../routes/health-routes.js'
import { registerHerdRoutes } from '../routes/herd-routes.js'
import { registerLineageRoutes } from '../routes/lineage-routes.js'
import { registerMeRoutes } from '../routes/me-routes.js'
import { registerMemberRoutes } from '../routes/member-routes.js'
import { registerAuthRoutes } from '../routes/auth-routes.js'
import { withAuth } from '../oidc/with-auth.js'
import { registerLogRoutes } from '../routes/log-routes.js'
import { registerMetricsRoutes } from '../routes/metrics-routes.js'
import { registerPipelineRoutes } from '../routes/pipeline-routes.js'
import { registerContractRoutes } from '../routes/contract-routes.js'
import { registerRunEventRoutes } from '../routes/run-event-routes.js'
import { registerRoleRoutes } from '../routes/role-routes.js'
import { registerRunRoutes } from '../routes/run-routes.js'
import { registerRunTokenRoutes } from '../routes/run-token-routes.js'
import { registerTokenRoutes } from '../routes/token-routes.js'
import { errorBody, errorResponse } from './error-response.js'
import type { ServerDeps } from './server-deps.js'
import type { ServerEnv } from './server-env.js'
import { serverMetrics } from './server-metrics.js'

/** Where the OpenAPI 3.1 document is served (no token needed). */
export const OPENAPI_PATH = '/api/v1/openapi.json'
const DEFAULT_MAX_BODY = 16 * 1024 * 1024

/**
 * The control plane's HTTP app over an open Barn: every route of `/api/v1` with its schemas
 * (which validate requests and make the OpenAPI document) and access rule, errors in one shape
 * with the code's status from the one table, a request id on every answer, a body limit.
 * Refuses to build when a route has no access rule (deny by default).
 */
export function createApp(given: ServerDeps): OpenAPIHono<ServerEnv> {
  const deps = withAuth(given)
  const app = new OpenAPIHono<ServerEnv>({
    defaultHook: (result, c) => {
      if (result.success) return undefined
      const issues = result.error.issues.map((i) => ({
        path: i.path.map(String).join('.'),
        message: i.message,
      }))
      return c.json(
        errorBody(
          c,
          ServerCodes.RUNINK_HTTP_BAD_REQUEST,
          `the request does not match this route: ${issues.map((i) => `${i.path || '(body)'}: ${i.message}`).join('; ')}`,
          { issues },
        ),
        400,
      )
    },
  })
  const newId = deps.requestId ?? randomUUID
  const metrics = serverMetrics(deps.barn)
  // Outermost, so a request's span covers all of it (and sees its ids, set below).
  if (deps.tracing) app.use('*', deps.tracing.middleware)
  deps.executor?.observe(metrics.observeRun)
  if (deps.tracing?.observeRun) deps.executor?.observe(deps.tracing.observeRun)
  app.use('*', async (c, next) => {
    const started = performance.now()
    c.set('requestId', newId())
    c.set('principal', undefined)
    c.header('x-request-id', c.get('requestId'))
    await next()
    metrics.observe(
      c.req.method,
      c.req.routePath,
      c.res.status,
      (performance.now() - started) / 1000,
    )
    const principal = c.get('principal')
    deps.log?.({
      request_id: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      ...(principal ? { actor: `${principal.kind}:${principal.name}@${principal.id}` } : {}),
    })
  })
  const limit = deps.maxBodyBytes ?? DEFAULT_MAX_BODY
  app.use(
    '*',
    bodyLimit({
      maxSize: limit,
      onError: (c) =>
        c.json(
          errorBody(c, ServerCodes.RUNINK_HTTP_TOO_LARGE, `the body is over ${limit} bytes`, {
            maxBytes: limit,
          }),
          413,
        ),
    }),
  )
  registerHealthRoutes(app, deps)
  registerHerdRoutes(app, deps)
  registerTokenRoutes(app, deps)
  registerMemberRoutes(app, deps)
  registerMeRoutes(app, deps)
  registerAuthRoutes(app, deps)
  registerRunTokenRoutes(app, deps)
  registerRoleRoutes(app, deps)
  registerPipelineRoutes(app, deps)
  registerRunRoutes(app, deps)
  registerRunEventRoutes(app, deps)
  registerLogRoutes(app, deps)
  registerDatasetRoutes(app, deps)
  registerContractRoutes(app, deps)
  registerAuditRoutes(app, deps)
  registerLineageRoutes(app, deps)
  registerMetricsRoutes(app, deps, metrics)
  app.doc31(OPENAPI_PATH, {
    openapi: '3.1.0',
    info: {
      title: 'Runink control plane',
      version: '1',
      description:
        'Herds, tokens, runs, datasets and the audit trail over the Barn. Send `Authorization: Bearer rk_…`; each operation says who may call it in `x-runink-access`.',
    },
  })
  app.notFound((c) =>
    c.json(
      errorBody(c, ServerCodes.RUNINK_HTTP_NOT_FOUND, `no route ${c.req.method} ${c.req.path}`),
      404,
    ),
  )
  app.onError((error, c) => {
    if (!(error instanceof RuninkError) && !(error instanceof HTTPException && error.status < 500))
      deps.log?.({ request_id: c.get('requestId'), error: String((error as Error).stack ?? error) })
    return errorResponse(c, error)
  })
  for (const def of app.openAPIRegistry.definitions)
    if (def.type === 'route' && !(ACCESS_EXTENSION in def.route))
      throw new Error(`route ${def.route.method} ${def.route.path} has no access rule`)
  return app
}
