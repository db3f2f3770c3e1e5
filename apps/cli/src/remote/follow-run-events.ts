import {
  runEndedSchema,
  runEventSchema,
  RunStreamEvent,
  type RunEnded,
  type RunEventMessage,
} from '@runink/protocol'
import { RuninkError } from '@runink/core'
import { CliError } from '../cli-error.js'
import { apiFetch } from './api-fetch.js'
import type { ServerProfile } from './profiles.js'
import { SseParser } from './sse-parser.js'

/** What {@link followRunEvents} does with what it hears, and how hard it tries. */
export interface FollowRunEventsOptions {
  /** Told each run event, once, in order (also across reconnections). */
  readonly onEvent: (event: RunEventMessage) => void
  /** Told when the stream dropped and is opened again (with the last event id seen). */
  readonly onReconnect?: (lastEventId: string | undefined) => void
  /** Reconnections in a row that bring nothing new before giving up; default 5. */
  readonly retries?: number
  /** The wait before the n-th reconnection in a row is n × this; default 500 ms. */
  readonly retryMs?: number
}

/** Whether an error is the server's answer (thrown on), not a stream that dropped or a server out of reach (retried). */
const answered = (error: unknown): boolean =>
  error instanceof RuninkError && !(error instanceof CliError && error.code === 'RUNINK_CLI_USAGE')

/**
 * Follows a run's events on the server (`GET …/runs/{runId}/events`, SSE) until its `run-ended`
 * event, which it resolves to. A stream that drops is opened again with `Last-Event-ID`: the
 * server sends every event after the last one seen, so none is lost or told twice. An error
 * answer (404, 403, …) is thrown as the server's error.
 */
export async function followRunEvents(
  server: ServerProfile,
  herd: string,
  runId: string,
  options: FollowRunEventsOptions,
): Promise<RunEnded> {
  const path = `/api/v1/herds/${encodeURIComponent(herd)}/runs/${encodeURIComponent(runId)}/events`
  let lastId: string | undefined
  let failures = 0
  let why = ''
  for (;;) {
    let progressed = false
    try {
      const response = await apiFetch(server, path, {
        headers: { accept: 'text/event-stream', ...(lastId ? { 'last-event-id': lastId } : {}) },
      })
      if (response.body === null) throw new Error('the answer has no body')
      const parser = new SseParser()
      const decoder = new TextDecoder()
      for await (const chunk of response.body) {
        for (const e of parser.push(decoder.decode(chunk, { stream: true }))) {
          if (e.event === RunStreamEvent.runEnded) return runEndedSchema.parse(JSON.parse(e.data))
          const event = runEventSchema.safeParse(JSON.parse(e.data))
          // An event this runi does not know (a newer server's) is skipped, not fatal.
          if (e.event === RunStreamEvent.runEvent && event.success) options.onEvent(event.data)
          if (e.id !== undefined) {
            lastId = e.id
            progressed = true
          }
        }
      }
      why = 'the stream ended before the run did'
    } catch (error) {
      if (answered(error)) throw error
      why = (error as Error).message
    }
    failures = progressed ? 1 : failures + 1
    if (failures > (options.retries ?? 5))
      throw new CliError(
        'RUNINK_CLI_USAGE',
        `lost the events of run ${runId} on ${server.url} (${why}); the run goes on there: runi status ${runId} --server ${server.url}`,
        { runId, url: server.url },
      )
    options.onReconnect?.(lastId)
    await new Promise((resolve) => setTimeout(resolve, (options.retryMs ?? 500) * failures))
  }
}
