import { z, type OpenAPIHono } from '@hono/zod-openapi'
import { apiRoleSchema, roleDefineSchema, roleNameSchema, type ApiRole } from '@runink/protocol'
import type { CustomRole } from '@runink/store'
import { authorize } from '../auth/authorize.js'
import { actorOf, seesEveryHerd } from '../auth/principal.js'
import { requireHerd } from '../app/require-herd.js'
import type { ServerDeps } from '../app/server-deps.js'
import type { ServerEnv } from '../app/server-env.js'
import { herdParam } from './herd-param.js'
import { ERROR_RESPONSES, securedRoute } from './secured-route.js'

const listRoles = securedRoute(
  { scope: 'herd', role: 'admin' },
  {
    method: 'get',
    path: '/api/v1/herds/{herd}/roles',
    summary: "The herd's custom roles, by name.",
    request: { params: herdParam },
    responses: {
      200: {
        description: 'custom roles',
        content: { 'application/json': { schema: z.object({ items: z.array(apiRoleSchema) }) } },
      },
      ...ERROR_RESPONSES,
    },
  },
)

const defineRole = securedRoute(
  { scope: 'herd', role: 'admin' },
  {
    method: 'put',
    path: '/api/v1/herds/{herd}/roles/{role}',
    summary:
      'Defines a custom role of the herd (or replaces its lists): verb:resource-glob permissions allowed and denied; deny wins, nothing else is allowed.',
    request: {
      params: herdParam.extend({ role: roleNameSchema }),
      body: { content: { 'application/json': { schema: roleDefineSchema } }, required: true },
    },
    responses: {
      200: { description: 'the role', content: { 'application/json': { schema: apiRoleSchema } } },
      ...ERROR_RESPONSES,
    },
  },
)

const toApiRole = (role: CustomRole): ApiRole => ({
  ...role,
  allow: [...role.allow],
  deny: [...role.deny],
  createdAt: role.createdAt.toISOString(),
  updatedAt: role.updatedAt.toISOString(),
})

/** A herd's custom roles: list and define (herd admins). */
export function registerRoleRoutes(app: OpenAPIHono<ServerEnv>, deps: ServerDeps): void {
  const { barn } = deps
  app.openapi(
    { ...listRoles.route, middleware: [authorize(deps, listRoles.access)] },
    async (c) => {
      const { herd } = c.req.valid('param')
      await requireHerd(barn, herd, seesEveryHerd(c.get('principal')))
      return c.json({ items: (await barn.roles.list(herd)).map(toApiRole) }, 200)
    },
  )
  app.openapi(
    { ...defineRole.route, middleware: [authorize(deps, defineRole.access)] },
    async (c) => {
      const { herd, role } = c.req.valid('param')
      const principal = c.get('principal')
      await requireHerd(barn, herd, seesEveryHerd(principal))
      const defined = await barn.roles.define(
        herd,
        role,
        c.req.valid('json'),
        principal ? actorOf(principal) : undefined,
      )
      return c.json(toApiRole(defined), 200)
    },
  )
}
