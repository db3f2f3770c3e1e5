import { z, type OpenAPIHono } from '@hono/zod-openapi'
import { RuninkError } from '@runink/core'
import { apiLogLineSchema, logQuerySchema, pageOf, ServerCodes } from '@runink/protocol'
import { stream } from 'hono/streaming'
import { authorize } from '../auth/authorize.js'
import { seesEveryHerd } from '../auth/principal.js'
import { decodeCursor, encodeCursor } from '../app/cursor.js'
import { requireHerd } from '../app/require-herd.js'
import type { ServerDeps } from '../app/server-deps.js'
import type { ServerEnv } from '../app/server-env.js'
import { followRunLogs, runLogPage } from '../runs/run-logs.js'
import { runStatusOf } from '../runs/run-status-of.js'
import { herdParam } from './herd-param.js'
import { ERROR_RESPONSES, securedRoute } from './secured-route.js'

const runLogs = securedRoute(
  { scope: 'herd', role: 'viewer' },
  {
    method: 'get',
    path: '/api/v1/herds/{herd}/runs/{runId}/logs',
    summary:
      'The run’s slice logs, slice after slice, a page at a time (`stage`: one stage’s); with `follow=true`, every line as NDJSON, streamed as it is logged until the run has ended.',
    request: { params: herdParam.extend({ runId: z.string().max(64) }), query: logQuerySchema },
    responses: {
      200: {
        description: 'a page of log lines, or (follow) the lines as NDJSON',
        content: {
          'application/json': { schema: pageOf(apiLogLineSchema) },
          'application/x-ndjson': { schema: z.string() },
        },
      },
      ...ERROR_RESPONSES,
    },
  },
)

/** A run's logs: paged, or followed. */
export function registerLogRoutes(app: OpenAPIHono<ServerEnv>, deps: ServerDeps): void {
  const { barn } = deps
  app.openapi({ ...runLogs.route, middleware: [authorize(deps, runLogs.access)] }, async (c) => {
    const { herd, runId } = c.req.valid('param')
    const { limit, cursor, stage, follow } = c.req.valid('query')
    await requireHerd(barn, herd, seesEveryHerd(c.get('principal')))
    // Not found (404) for another herd's run, before anything is read or streamed.
    await runStatusOf(barn, herd, runId)
    if (follow === 'true') {
      // A stage the run lacks is a 400 before the stream starts, not an error inside it.
      await runLogPage(barn, runId, { limit: 1, ...(stage === undefined ? {} : { stage }) })
      c.header('content-type', 'application/x-ndjson')
      return stream(c, async (out) => {
        const gone = new AbortController()
        out.onAbort(() => gone.abort())
        const lines = followRunLogs(barn, runId, {
          signal: gone.signal,
          ...(stage === undefined ? {} : { stage }),
        })
        for await (const line of lines) await out.write(`${JSON.stringify(line)}\n`)
      }) as never
    }
    const at = cursor === undefined ? undefined : decodeCursor(cursor, 2)
    const offset = Number(at?.[1])
    if (at && !(Number.isSafeInteger(offset) && offset >= 0))
      throw new RuninkError(
        ServerCodes.RUNINK_HTTP_BAD_REQUEST,
        'not a cursor this list gave: pass next_cursor back unchanged',
        { details: { cursor } },
      )
    const page = await runLogPage(barn, runId, {
      limit,
      ...(stage === undefined ? {} : { stage }),
      ...(at ? { after: [at[0] as string, offset] as const } : {}),
    })
    return c.json(
      {
        items: page.lines,
        next_cursor: page.next ? encodeCursor([page.next[0], String(page.next[1])]) : null,
      },
      200,
    )
  })
}
