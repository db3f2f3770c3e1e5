import type { z } from 'zod'
import { messageFields as f, messageSchema } from './message-fields.js'

/**
 * A progress line on a slice's stderr (slice → host), written with `type` first so the host
 * tells it from log lines by its start (SLICE_PROGRESS_PREFIX).
 */
export const sliceProgressSchema = messageSchema('slice-progress', 1, {
  progress: f.object({ recordsIn: f.count, recordsOut: f.count, invalid: f.count }),
}).strict()
export type SliceProgress = z.output<typeof sliceProgressSchema>

/** How every progress line starts; any other stderr line is a log line. */
export const SLICE_PROGRESS_PREFIX = '{"type":"slice-progress"'

/** The progress line for these counts, as the slice writes it. */
export function sliceProgressLine(progress: SliceProgress['progress']): string {
  return JSON.stringify({ type: 'slice-progress', version: 1, progress })
}
