import { z, type OpenAPIHono } from '@hono/zod-openapi'
import { RunStreamEvent, type RunEnded } from '@runink/protocol'
import { streamSSE } from 'hono/streaming'
import { authorize } from '../auth/authorize.js'
import { seesEveryHerd } from '../auth/principal.js'
import { requireHerd } from '../app/require-herd.js'
import type { ServerDeps } from '../app/server-deps.js'
import type { ServerEnv } from '../app/server-env.js'
import { runStatusOf } from '../runs/run-status-of.js'
import { herdParam } from './herd-param.js'
import { ERROR_RESPONSES, securedRoute } from './secured-route.js'

/** How often an idle event stream sends a comment line, so proxies keep it open. */
export const HEARTBEAT_MS = 15_000

const runEvents = securedRoute(
  { scope: 'herd', role: 'viewer' },
  {
    method: 'get',
    path: '/api/v1/herds/{herd}/runs/{runId}/events',
    summary:
      'The run’s events as Server-Sent Events: `run-event` (the engine’s run events, each with an `id:`; reconnect with `Last-Event-ID` to get every one after it) until `run-ended` (its final status and result), then the stream closes. A run this server does not run gets its state as one `run-ended`. Comment lines every 15 s keep it open.',
    request: {
      params: herdParam.extend({ runId: z.string().max(64) }),
      headers: z.object({ 'last-event-id': z.string().max(32).optional() }),
    },
    responses: {
      200: {
        description: 'the event stream',
        content: { 'text/event-stream': { schema: z.string() } },
      },
      ...ERROR_RESPONSES,
    },
  },
)

/** A run's events, live, over SSE. */
export function registerRunEventRoutes(app: OpenAPIHono<ServerEnv>, deps: ServerDeps): void {
  const { barn } = deps
  app.openapi(
    { ...runEvents.route, middleware: [authorize(deps, runEvents.access)] },
    async (c) => {
      const { herd, runId } = c.req.valid('param')
      await requireHerd(barn, herd, seesEveryHerd(c.get('principal')))
      // Not found (404) before any stream starts: another herd's run is never hinted at.
      const now = await runStatusOf(barn, herd, runId)
      const lastId = Number(c.req.valid('header')['last-event-id'] ?? 0)
      const log = deps.executor?.events(runId)
      const ended = async (): Promise<RunEnded> => ({
        status: await runStatusOf(barn, herd, runId),
        result: null,
      })
      return streamSSE(c, async (stream) => {
        const gone = new AbortController()
        stream.onAbort(() => gone.abort())
        if (!log) {
          await stream.writeSSE({
            event: RunStreamEvent.runEnded,
            data: JSON.stringify({ status: now, result: null }),
          })
          return
        }
        const beat = setInterval(() => {
          void stream.write(': heartbeat\n\n').catch(() => gone.abort())
        }, deps.heartbeatMs ?? HEARTBEAT_MS)
        try {
          let after = Number.isSafeInteger(lastId) && lastId > 0 ? lastId : 0
          for (;;) {
            for (const e of log.since(after)) {
              await stream.writeSSE({
                id: String(e.id),
                event: e.event,
                data: JSON.stringify(e.data),
              })
              after = e.id
            }
            if (gone.signal.aborted || (log.ended && after >= log.lastId)) break
            await log.next(gone.signal)
          }
          // A log closed without its final event (the run's status was unreadable then).
          if (!gone.signal.aborted && !log.hasFinal)
            await stream.writeSSE({
              event: RunStreamEvent.runEnded,
              data: JSON.stringify(await ended()),
            })
        } finally {
          clearInterval(beat)
        }
      }) as never
    },
  )
}
