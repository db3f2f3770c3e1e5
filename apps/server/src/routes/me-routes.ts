import type { OpenAPIHono } from '@hono/zod-openapi'
import { apiMeSchema } from '@runink/protocol'
import { authorize } from '../auth/authorize.js'
import { actorOf, customRoleOf, roleIn } from '../auth/principal.js'
import type { ServerDeps } from '../app/server-deps.js'
import type { ServerEnv } from '../app/server-env.js'
import { ERROR_RESPONSES, securedRoute } from './secured-route.js'

const me = securedRoute(
  { scope: 'signed-in' },
  {
    method: 'get',
    path: '/api/v1/me',
    summary: 'Who the credential is: its kind, name, audit actor, and its role in each herd.',
    responses: {
      200: { description: 'the caller', content: { 'application/json': { schema: apiMeSchema } } },
      401: ERROR_RESPONSES[401],
      403: ERROR_RESPONSES[403],
    },
  },
)

/** `GET /api/v1/me`: who am I. */
export function registerMeRoutes(app: OpenAPIHono<ServerEnv>, deps: ServerDeps): void {
  app.openapi({ ...me.route, middleware: [authorize(deps, me.access)] }, async (c) => {
    const principal = c.get('principal')
    if (principal === undefined) throw new Error('GET /api/v1/me ran without a principal')
    const names =
      principal.instanceRole === null
        ? [...Object.keys(principal.herdRoles), ...Object.keys(principal.customRoles)]
        : (await deps.barn.herds.list()).map((h) => h.name)
    const herds = [...new Set(names)].sort().flatMap((herd) => {
      const role = roleIn(principal, herd) ?? customRoleOf(principal, herd)
      return role ? [{ herd, role }] : []
    })
    return c.json(
      {
        kind: principal.kind,
        id: principal.id,
        name: principal.name,
        actor: actorOf(principal),
        instanceRole: principal.instanceRole,
        herds,
      },
      200,
    )
  })
}
