import { z } from 'zod'
import { messageFields as f, messageSchema } from './message-fields.js'

const sinkReport = f.object({
  uri: f.text(4096),
  stagingPath: f.text(4096),
  records: f.count,
  bytes: f.count,
})

/** A dead-letter envelope: a sample of an invalid record the host keeps as evidence. */
export const deadLetterSchema = f.object({
  record: z.record(z.string(), z.unknown(), { error: 'expected an object' }),
  errors: f.list(
    f.object({
      field: f.text(4096),
      rule: f.text(256),
      message: f.text(65536),
      expected: z.unknown().optional(),
      actual: z.unknown().optional(),
    }),
    1000,
  ),
  stage: f.text(4096),
  source: f.object({ uri: f.text(4096), position: f.count }).nullable(),
})

/** Why records were invalid, with how many each rejected. */
export const invalidReasonSchema = f.object({
  field: f.text(4096),
  rule: f.text(256),
  label: f.text(8192),
  count: f.count,
})

/** Counts and evidence, in a report and in a failure. */
const countsAndEvidence = {
  recordsIn: f.count,
  recordsOut: f.count,
  valid: f.count,
  invalid: f.count,
  filtered: f.count,
  added: f.count,
  unrouted: f.count,
  reasons: f.list(invalidReasonSchema, 100),
  sample: f.list(deadLetterSchema, 100),
  firstInvalid: f.list(deadLetterSchema, 1000),
  metrics: z.record(f.text(256), z.number({ error: 'expected a finite number' }), {
    error: 'expected an object',
  }),
}

/** What a slice reports when it succeeds; unknown fields are dropped. */
export const sliceReportSchema = f.object({
  ...countsAndEvidence,
  sinks: f.list(sinkReport, 10_000),
  durationMs: f.measure,
})
export type SliceReportMessage = z.output<typeof sliceReportSchema>

/** What a failed slice reports beside its error: its counts and evidence so far. */
export const sliceFailureReportSchema = f.object(countsAndEvidence)
export type SliceFailureReportMessage = z.output<typeof sliceFailureReportSchema>

const SUCCEEDED = { ok: z.literal(true), report: sliceReportSchema }
const FAILED = {
  ok: z.literal(false),
  error: f.object({
    code: f.code,
    message: f.text(65536),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
  report: sliceFailureReportSchema.optional(),
}

/**
 * The slice host's last stdout line (slice → host): its report, or the error it failed with
 * and its counts so far.
 */
export const sliceResultSchema = z.discriminatedUnion(
  'ok',
  [messageSchema('slice-result', 1, SUCCEEDED), messageSchema('slice-result', 1, FAILED)],
  { error: 'expected "ok": true with a report, or "ok": false with an error' },
)
export type SliceResult = z.output<typeof sliceResultSchema>

/** The `{ version, type }` a slice result is sent with. */
export const SLICE_RESULT = { type: 'slice-result', version: 1 } as const
