import type { OpenAPIHono } from '@hono/zod-openapi'
import {
  apiAuditEntrySchema,
  auditFilterSchema,
  auditVerificationSchema,
  pageOf,
  pageQuerySchema,
} from '@runink/protocol'
import { authorize } from '../auth/authorize.js'
import { decodeCursor, encodeCursor } from '../app/cursor.js'
import type { ServerDeps } from '../app/server-deps.js'
import type { ServerEnv } from '../app/server-env.js'
import { ERROR_RESPONSES, securedRoute } from './secured-route.js'

const verifyAudit = securedRoute(
  { scope: 'instance', role: 'admin' },
  {
    method: 'get',
    path: '/api/v1/audit/verify',
    summary: 'Checks the audit hash chain and its seal end to end (instance admin).',
    responses: {
      200: {
        description: 'ok, or the first broken link',
        content: { 'application/json': { schema: auditVerificationSchema } },
      },
      401: ERROR_RESPONSES[401],
      403: ERROR_RESPONSES[403],
    },
  },
)

const listEntries = securedRoute(
  { scope: 'instance', role: 'admin' },
  {
    method: 'get',
    path: '/api/v1/audit/entries',
    summary:
      'Audit entries, oldest first, a page at a time: follow next_cursor to read on (for SIEM ingestion, keep the last cursor and ask again later).',
    request: { query: pageQuerySchema.extend(auditFilterSchema.shape) },
    responses: {
      200: {
        description: 'a page of entries',
        content: { 'application/json': { schema: pageOf(apiAuditEntrySchema) } },
      },
      400: ERROR_RESPONSES[400],
      401: ERROR_RESPONSES[401],
      403: ERROR_RESPONSES[403],
    },
  },
)

/** The audit trail: verify it, read it page by page. Instance admins only. */
export function registerAuditRoutes(app: OpenAPIHono<ServerEnv>, deps: ServerDeps): void {
  const { barn } = deps
  app.openapi(
    { ...verifyAudit.route, middleware: [authorize(deps, verifyAudit.access)] },
    async (c) => c.json(await barn.audit.verify(), 200),
  )
  app.openapi(
    { ...listEntries.route, middleware: [authorize(deps, listEntries.access)] },
    async (c) => {
      const { limit, cursor, actor, action, herd } = c.req.valid('query')
      const after = cursor === undefined ? undefined : Number(decodeCursor(cursor, 1)[0])
      const entries = await barn.audit.query({
        limit: limit + 1,
        ...(actor ? { actor } : {}),
        ...(action ? { action } : {}),
        ...(herd ? { herd } : {}),
        ...(after !== undefined && Number.isSafeInteger(after) ? { afterSeq: after } : {}),
      })
      const page = entries.slice(0, limit)
      const last = page.at(-1)
      return c.json(
        {
          items: page,
          // The cursor of the last entry read, even on the last page: ask again later with it.
          next_cursor: last ? encodeCursor([String(last.seq)]) : (cursor ?? null),
        },
        200,
      )
    },
  )
}
