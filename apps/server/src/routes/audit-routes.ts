import { z, type OpenAPIHono } from '@hono/zod-openapi'
import {
  apiAuditEntrySchema,
  auditExportQuerySchema,
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

const exportEntries = securedRoute(
  { scope: 'instance', role: 'admin' },
  {
    method: 'get',
    path: '/api/v1/audit/export',
    summary:
      'Every audit entry after seq `after`, oldest first, as NDJSON (one entry with both hashes per line, streamed): for SIEM ingestion, keep the last seq and ask again with it.',
    request: { query: auditExportQuerySchema },
    responses: {
      200: {
        description: 'NDJSON lines, each an audit entry',
        content: { 'application/x-ndjson': { schema: z.string() } },
      },
      400: ERROR_RESPONSES[400],
      401: ERROR_RESPONSES[401],
      403: ERROR_RESPONSES[403],
    },
  },
)

/** Entries read this many at a time while exporting. */
const EXPORT_PAGE = 1000

/** The entries after seq `after` as NDJSON lines, read a page at a time. */
async function* ndjsonAfter(barn: ServerDeps['barn'], after: number): AsyncGenerator<string> {
  for (let seq = after; ;) {
    const page = await barn.audit.query({ afterSeq: seq, limit: EXPORT_PAGE })
    if (page.length > 0) yield page.map((e) => `${JSON.stringify(e)}\n`).join('')
    const last = page.at(-1)
    if (page.length < EXPORT_PAGE || !last) return
    seq = last.seq
  }
}

/** The audit trail: verify it, read it page by page, export it. Instance admins only. */
export function registerAuditRoutes(app: OpenAPIHono<ServerEnv>, deps: ServerDeps): void {
  const { barn } = deps
  app.openapi(
    { ...verifyAudit.route, middleware: [authorize(deps, verifyAudit.access)] },
    async (c) => c.json(await barn.audit.verify(), 200),
  )
  app.openapi(
    { ...listEntries.route, middleware: [authorize(deps, listEntries.access)] },
    async (c) => {
      const { limit, cursor, actor, action, herd, since } = c.req.valid('query')
      const after = cursor === undefined ? undefined : Number(decodeCursor(cursor, 1)[0])
      const entries = await barn.audit.query({
        limit: limit + 1,
        ...(actor ? { actor } : {}),
        ...(action ? { action } : {}),
        ...(herd ? { herd } : {}),
        ...(since ? { since: new Date(since) } : {}),
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
  app.openapi(
    { ...exportEntries.route, middleware: [authorize(deps, exportEntries.access)] },
    (c) => {
      const lines = ndjsonAfter(barn, c.req.valid('query').after)
      const encoder = new TextEncoder()
      // Pulled a page at a time as the client reads: the log is never held whole.
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const next = await lines.next()
          if (next.done) controller.close()
          else controller.enqueue(encoder.encode(next.value))
        },
        async cancel() {
          await lines.return(undefined)
        },
      })
      // A streamed body has no typed-response form in @hono/zod-openapi: the route documents it.
      return new Response(body, {
        status: 200,
        headers: { 'content-type': 'application/x-ndjson' },
      }) as never
    },
  )
}
