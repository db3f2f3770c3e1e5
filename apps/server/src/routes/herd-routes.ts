import { z, type OpenAPIHono } from '@hono/zod-openapi'
import { RuninkError } from '@runink/core'
import { apiHerdSchema, herdCreateSchema, ServerCodes } from '@runink/protocol'
import { authorize } from '../auth/authorize.js'
import { actorOf, seesHerd } from '../auth/principal.js'
import type { ServerDeps } from '../app/server-deps.js'
import type { ServerEnv } from '../app/server-env.js'
import { ERROR_RESPONSES, securedRoute } from './secured-route.js'

const listHerds = securedRoute(
  { scope: 'signed-in' },
  {
    method: 'get',
    path: '/api/v1/herds',
    summary: 'The herds this token sees: every herd for an instance-wide token, else its own.',
    responses: {
      200: {
        description: 'herds, by name',
        content: { 'application/json': { schema: z.object({ items: z.array(apiHerdSchema) }) } },
      },
      401: ERROR_RESPONSES[401],
    },
  },
)

const createHerd = securedRoute(
  { scope: 'instance', role: 'admin' },
  {
    method: 'post',
    path: '/api/v1/herds',
    summary: 'Creates a herd (instance admin).',
    request: {
      body: { content: { 'application/json': { schema: herdCreateSchema } }, required: true },
    },
    responses: {
      201: { description: 'created', content: { 'application/json': { schema: apiHerdSchema } } },
      400: ERROR_RESPONSES[400],
      401: ERROR_RESPONSES[401],
      403: ERROR_RESPONSES[403],
      409: { ...ERROR_RESPONSES[400], description: 'a herd of that name exists' },
    },
  },
)

/** Herds: list the visible ones, create one. */
export function registerHerdRoutes(app: OpenAPIHono<ServerEnv>, deps: ServerDeps): void {
  const { barn } = deps
  app.openapi(
    { ...listHerds.route, middleware: [authorize(deps, listHerds.access)] },
    async (c) => {
      const principal = c.get('principal')
      const herds = (await barn.herds.list()).filter((h) => seesHerd(principal, h.name))
      return c.json(
        { items: herds.map((h) => ({ name: h.name, createdAt: h.createdAt.toISOString() })) },
        200,
      )
    },
  )
  app.openapi(
    { ...createHerd.route, middleware: [authorize(deps, createHerd.access)] },
    async (c) => {
      const { name } = c.req.valid('json')
      const principal = c.get('principal')
      if ((await barn.herds.list()).some((h) => h.name === name))
        throw new RuninkError(ServerCodes.RUNINK_HERD_EXISTS, `herd "${name}" exists`, {
          details: { herd: name },
        })
      const herd = await barn.herds.ensure(name, principal ? actorOf(principal) : undefined)
      return c.json({ name: herd.name, createdAt: herd.createdAt.toISOString() }, 201)
    },
  )
}
