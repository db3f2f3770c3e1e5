import { z, type OpenAPIHono } from '@hono/zod-openapi'
import { RuninkError } from '@runink/core'
import { runTokenCreatedSchema, runTokenCreateSchema } from '@runink/protocol'
import { StoreErrors } from '@runink/store'
import { authorize } from '../auth/authorize.js'
import { actorOf, seesEveryHerd } from '../auth/principal.js'
import { requireHerd } from '../app/require-herd.js'
import type { ServerDeps } from '../app/server-deps.js'
import type { ServerEnv } from '../app/server-env.js'
import { herdParam } from './herd-param.js'
import { ERROR_RESPONSES, securedRoute } from './secured-route.js'

const mintRunToken = securedRoute(
  { scope: 'herd', role: 'editor' },
  {
    method: 'post',
    path: '/api/v1/herds/{herd}/runs/{runId}/token',
    summary:
      'Mints a run token for one of the herd’s runs (for what runs inside it, or an agent, to call back): it reads that run and nothing else; its secret is in this answer only.',
    request: {
      params: herdParam.extend({ runId: z.string().max(64) }),
      body: { content: { 'application/json': { schema: runTokenCreateSchema } }, required: true },
    },
    responses: {
      201: {
        description: 'the run token and its secret, shown once',
        content: { 'application/json': { schema: runTokenCreatedSchema } },
      },
      ...ERROR_RESPONSES,
    },
  },
)

/** Run tokens: minted by the herd's editors for one of its runs. */
export function registerRunTokenRoutes(app: OpenAPIHono<ServerEnv>, deps: ServerDeps): void {
  const { barn } = deps
  app.openapi(
    { ...mintRunToken.route, middleware: [authorize(deps, mintRunToken.access)] },
    async (c) => {
      const { herd, runId } = c.req.valid('param')
      const { expiresInMinutes } = c.req.valid('json')
      const principal = c.get('principal')
      await requireHerd(barn, herd, seesEveryHerd(principal))
      // Another herd's run is not found here: its existence is not this herd's business.
      const run = await barn.runs.get(runId).catch(() => undefined)
      if (run?.herd !== herd)
        throw new RuninkError(
          StoreErrors.RUNINK_STORE_NOT_FOUND,
          `no run ${runId} in herd ${herd}`,
          {
            details: { what: 'run', id: runId, herd },
          },
        )
      const { token, secret } = await barn.runTokens.mint(
        runId,
        expiresInMinutes * 60_000,
        principal ? actorOf(principal) : undefined,
      )
      return c.json(
        {
          id: token.id,
          runId: token.runId,
          herd: token.herd,
          expiresAt: token.expiresAt.toISOString(),
          secret,
        },
        201,
      )
    },
  )
}
