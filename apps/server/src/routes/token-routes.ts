import { z, type OpenAPIHono } from '@hono/zod-openapi'
import { RuninkError } from '@runink/core'
import { apiTokenSchema, tokenCreatedSchema, tokenCreateSchema } from '@runink/protocol'
import { StoreErrors } from '@runink/store'
import { authorize } from '../auth/authorize.js'
import { actorOf, seesEveryHerd } from '../auth/principal.js'
import { requireHerd } from '../app/require-herd.js'
import type { ServerDeps } from '../app/server-deps.js'
import type { ServerEnv } from '../app/server-env.js'
import { toApiToken } from '../app/to-api.js'
import { herdParam } from './herd-param.js'
import { ERROR_RESPONSES, securedRoute } from './secured-route.js'

const DAY_MS = 24 * 60 * 60 * 1000

const listTokens = securedRoute(
  { scope: 'herd', role: 'admin' },
  {
    method: 'get',
    path: '/api/v1/herds/{herd}/tokens',
    summary: "The herd's API tokens, newest first (never their secrets).",
    request: { params: herdParam },
    responses: {
      200: {
        description: 'tokens',
        content: { 'application/json': { schema: z.object({ items: z.array(apiTokenSchema) }) } },
      },
      ...ERROR_RESPONSES,
    },
  },
)

const createToken = securedRoute(
  { scope: 'herd', role: 'admin' },
  {
    method: 'post',
    path: '/api/v1/herds/{herd}/tokens',
    summary: 'Makes a token for the herd with a role; its secret is in this answer only.',
    request: {
      params: herdParam,
      body: { content: { 'application/json': { schema: tokenCreateSchema } }, required: true },
    },
    responses: {
      201: {
        description: 'the token and its secret, shown once',
        content: { 'application/json': { schema: tokenCreatedSchema } },
      },
      ...ERROR_RESPONSES,
    },
  },
)

const revokeToken = securedRoute(
  { scope: 'herd', role: 'admin' },
  {
    method: 'delete',
    path: '/api/v1/herds/{herd}/tokens/{id}',
    summary: 'Revokes one of the herd’s tokens (at once; revoking twice changes nothing).',
    request: { params: herdParam.extend({ id: z.string().max(64) }) },
    responses: {
      200: { description: 'revoked', content: { 'application/json': { schema: apiTokenSchema } } },
      ...ERROR_RESPONSES,
    },
  },
)

/** A herd's API tokens: list, create (secret shown once), revoke. Herd admins only. */
export function registerTokenRoutes(app: OpenAPIHono<ServerEnv>, deps: ServerDeps): void {
  const { barn } = deps
  const now = (): Date => (deps.clock ? deps.clock.now() : new Date())
  app.openapi(
    { ...listTokens.route, middleware: [authorize(deps, listTokens.access)] },
    async (c) => {
      const { herd } = c.req.valid('param')
      await requireHerd(barn, herd, seesEveryHerd(c.get('principal')))
      return c.json({ items: (await barn.tokens.list({ herd })).map(toApiToken) }, 200)
    },
  )
  app.openapi(
    { ...createToken.route, middleware: [authorize(deps, createToken.access)] },
    async (c) => {
      const { herd } = c.req.valid('param')
      const body = c.req.valid('json')
      const principal = c.get('principal')
      await requireHerd(barn, herd, seesEveryHerd(principal))
      const created = await barn.tokens.create(
        {
          name: body.name,
          herd,
          role: body.role,
          expiresAt: new Date(now().getTime() + body.expiresInDays * DAY_MS),
        },
        principal ? actorOf(principal) : undefined,
      )
      return c.json({ token: toApiToken(created.token), secret: created.secret }, 201)
    },
  )
  app.openapi(
    { ...revokeToken.route, middleware: [authorize(deps, revokeToken.access)] },
    async (c) => {
      const { herd, id } = c.req.valid('param')
      const principal = c.get('principal')
      // Another herd's token is not found here: its existence is not this herd's business.
      const token = await barn.tokens.get(id)
      if (token?.herd !== herd)
        throw new RuninkError(
          StoreErrors.RUNINK_STORE_NOT_FOUND,
          `no API token ${id} in herd ${herd}`,
          {
            details: { what: 'token', id, herd },
          },
        )
      const revoked = await barn.tokens.revoke(id, principal ? actorOf(principal) : undefined)
      return c.json(toApiToken(revoked), 200)
    },
  )
}
