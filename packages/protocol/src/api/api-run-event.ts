import { z } from 'zod'
import { stageSummarySchema } from '../messages/run-event.js'
import { apiRunStatusSchema } from './api-run.js'

/**
 * The SSE event names of `GET …/runs/{runId}/events`: `run-event` carries one of the engine's
 * run events (protocol's runEventSchema) with an `id:`; `run-ended` is the last event of the
 * stream, the run's final state.
 */
export const RunStreamEvent = { runEvent: 'run-event', runEnded: 'run-ended' } as const
export type RunStreamEvent = (typeof RunStreamEvent)[keyof typeof RunStreamEvent]

/** How a run on the server ended, as `runi run` reports it: stages with their summaries. */
export const runResultSchema = z.object({
  runId: z.string(),
  status: z.enum(['succeeded', 'failed', 'cancelled']),
  stages: z.array(stageSummarySchema),
  durationMs: z.number(),
  /** The isolation its slices ran under. */
  isolation: z.string(),
})
export type RunResultMessage = z.output<typeof runResultSchema>

/**
 * The data of a `run-ended` event: the run's status (as `GET …/runs/{runId}` answers), and its
 * result when this server ran it and still holds it (null for a run that ran elsewhere, ended
 * before this server started, or ended without a result).
 */
export const runEndedSchema = z.object({
  status: apiRunStatusSchema,
  result: runResultSchema.nullable(),
})
export type RunEnded = z.output<typeof runEndedSchema>
