import { StageOutcome } from '@runink/core'
import { z } from 'zod'
import { messageFields as f, messageSchema } from './message-fields.js'
import { deadLetterSchema, invalidReasonSchema } from './slice-result.js'

const name = f.text(4096)
const ratio = z.number({ error: 'expected a number' }).min(0).max(1)

/** A stage's numbers (the engine's StageStats). */
const stageStats = f.object({
  records: f.object({ in: f.count, out: f.count }),
  valid: f.object({ count: f.count, ratio }),
  invalid: f.object({ count: f.count, ratio }),
  filtered: f.count,
  added: f.count,
  unrouted: f.count,
  sinks: f.record(f.count),
  metrics: f.record(z.number({ error: 'expected a finite number' })),
  reasons: f.list(invalidReasonSchema, 100),
  sample: f.list(deadLetterSchema, 100),
  durationMs: f.measure,
})

/** What happened to one stage, for the summary (the engine's StageSummary). */
export const stageSummarySchema = f.object({
  id: name,
  name,
  status: f.oneOf(StageOutcome),
  stats: stageStats.optional(),
  outputs: f.list(
    f.object({
      uri: name,
      /** The dataset version committed (checked by the store that made it). */
      version: f.record(z.unknown(), 100),
      path: name.optional(),
      invalid: z.boolean({ error: 'expected a boolean' }).optional(),
    }),
    10_000,
  ),
  attempts: f.count,
  error: f.text(65536).optional(),
  code: f.code.optional(),
  retryable: z.boolean({ error: 'expected a boolean' }).optional(),
  isolation: f.text(64).optional(),
  durationMs: f.measure,
})
export type StageSummaryMessage = z.output<typeof stageSummarySchema>

/**
 * Progress of a run as it happens (engine → whoever renders it: the CLI today, the server and
 * the console later). Each event is `{ version: 1, type }`.
 */
export const runEventSchema = z.discriminatedUnion(
  'type',
  [
    messageSchema('run-started', 1, { runId: f.text(256), stages: f.list(name, 10_000) }),
    messageSchema('stage-started', 1, {
      stage: name,
      slices: f.count,
      attempt: f.count,
      egress: f.list(name, 1000).optional(),
    }),
    messageSchema('stage-progress', 1, {
      stage: name,
      recordsIn: f.count,
      recordsOut: f.count,
      invalid: f.count,
    }),
    messageSchema('stage-retrying', 1, {
      stage: name,
      attempt: f.count,
      delayMs: f.measure,
      error: f.text(65536),
    }),
    messageSchema('stage-finished', 1, { summary: stageSummarySchema }),
    messageSchema('warning', 1, { message: f.text(65536) }),
  ],
  {
    error:
      'expected type run-started, stage-started, stage-progress, stage-retrying, stage-finished or warning',
  },
)
export type RunEventMessage = z.output<typeof runEventSchema>
