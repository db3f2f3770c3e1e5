import { z } from 'zod'

const COUNT = 'expected a non-negative integer'

/** A count a slice reports: a non-negative safe integer. */
const count = z.int({ error: COUNT }).min(0, { error: COUNT })
/** A duration or other measure: a finite non-negative number. */
const measure = z.number({ error: 'expected a finite number' }).min(0, {
  error: 'expected a non-negative number',
})
const text = (max: number) =>
  z.string({ error: 'expected a string' }).max(max, { error: `expected at most ${max} characters` })
const list = <T extends z.ZodType>(item: T, max: number) =>
  z.array(item, { error: 'expected an array' }).max(max, { error: `expected at most ${max} items` })

const counts = z.object(
  { recordsIn: count, recordsOut: count, invalid: count },
  { error: 'expected an object' },
)

/** A progress line on a slice's stderr: `{"progress":{recordsIn,recordsOut,invalid}}`. */
export const sliceProgressSchema = z.strictObject({ progress: counts })

const sinkReport = z.object(
  { uri: text(4096), stagingPath: text(4096), records: count, bytes: count },
  { error: 'expected an object' },
)

/** A dead-letter envelope (see DeadLetter): a sample the host keeps as evidence. */
const deadLetter = z.object(
  {
    record: z.record(z.string(), z.unknown(), { error: 'expected an object' }),
    errors: list(
      z.object(
        {
          field: text(4096),
          rule: text(256),
          message: text(65536),
          expected: z.unknown().optional(),
          actual: z.unknown().optional(),
        },
        { error: 'expected an object' },
      ),
      1000,
    ),
    stage: text(4096),
    source: z
      .object({ uri: text(4096), position: count }, { error: 'expected an object' })
      .nullable(),
  },
  { error: 'expected an object' },
)

const reason = z.object(
  { field: text(4096), rule: text(256), label: text(8192), count },
  { error: 'expected an object' },
)

/** Counts and evidence, in a report and in a failure. */
const countsAndEvidence = {
  recordsIn: count,
  recordsOut: count,
  valid: count,
  invalid: count,
  filtered: count,
  added: count,
  unrouted: count,
  reasons: list(reason, 100),
  sample: list(deadLetter, 100),
  firstInvalid: list(deadLetter, 1000),
  metrics: z.record(text(256), z.number({ error: 'expected a finite number' }), {
    error: 'expected an object',
  }),
}

/** What a slice reports when it succeeds (see SliceReport); unknown fields are dropped. */
export const sliceReportSchema = z.object(
  {
    ...countsAndEvidence,
    sinks: list(sinkReport, 10_000),
    durationMs: measure,
  },
  { error: 'expected an object' },
)

/** What a failed slice reports beside its error (see SliceFailureReport). */
export const sliceFailureReportSchema = z.object(countsAndEvidence, {
  error: 'expected an object',
})

/** The slice host's last stdout line: its report, or the error it failed with. */
export const sliceResultSchema = z.discriminatedUnion(
  'ok',
  [
    z.object({ ok: z.literal(true), report: sliceReportSchema }),
    z.object({
      ok: z.literal(false),
      error: z.object(
        {
          code: z
            .string({ error: 'expected a string' })
            .regex(/^[A-Z][A-Z0-9_]{0,99}$/, { error: 'expected an error code like RUNINK_X' }),
          message: text(65536),
          details: z.record(z.string(), z.unknown()).optional(),
        },
        { error: 'expected an object' },
      ),
      report: sliceFailureReportSchema.optional(),
    }),
  ],
  { error: 'expected {"ok":true,"report":…} or {"ok":false,"error":…}' },
)

/** Names where in a message a schema failed and why: `sinks[0].records: expected …`. */
export function schemaProblem(error: z.ZodError, skip: readonly PropertyKey[] = []): string {
  const issue = error.issues[0]
  if (issue === undefined) return 'does not match its schema'
  const skipped = issue.path.length > skip.length && skip.every((k, i) => issue.path[i] === k)
  const keys = issue.path.slice(skipped ? skip.length : 0)
  const where = keys
    .map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i === 0 ? '' : '.'}${String(k)}`))
    .join('')
  return where === '' ? issue.message : `${where}: ${issue.message}`
}
