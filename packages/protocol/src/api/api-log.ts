import { z } from 'zod'
import { pageQuerySchema } from './api-page.js'

/** One line a slice logged, with where it came from (`runi logs` prints `[stage#partition.attempt] line`). */
export const apiLogLineSchema = z.object({
  stage: z.string(),
  slice: z.string(),
  partition: z.number().int(),
  attempt: z.number().int(),
  /** Its 0-based position in the slice's log. */
  offset: z.number().int(),
  at: z.string(),
  stream: z.enum(['stdout', 'stderr', 'system']),
  line: z.string(),
})
export type ApiLogLine = z.output<typeof apiLogLineSchema>

/**
 * `GET …/runs/{runId}/logs`: only one stage's lines with `stage`; `follow=true` streams every
 * line as NDJSON (one log line per line) until the run has ended instead of answering a page.
 */
export const logQuerySchema = pageQuerySchema.extend({
  stage: z.string().min(1).max(4096).optional(),
  follow: z.enum(['true', 'false']).optional(),
})
