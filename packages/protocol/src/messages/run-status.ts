import { Isolation, RunStatus } from '@runink/core'
import { z } from 'zod'
import { messageFields as f, messageSchema } from './message-fields.js'

const id = f.text(256)
const when = f.text(64).nullable()
const counts = f.object({ recordsIn: f.count, recordsOut: f.count, recordsInvalid: f.count })

/** One slice (a partition's attempt) as a run's status reports it. */
const sliceStatus = f.object({
  id,
  partition: f.count,
  attempt: f.count,
  status: f.oneOf(RunStatus),
  isolation: f.oneOf(Isolation).nullable(),
  recordsIn: f.count,
  recordsOut: f.count,
  recordsInvalid: f.count,
  durationMs: f.measure.nullable(),
  error: f.text(65536).nullable(),
})

/** One stage run, with its slices and summed counts. */
const stageStatus = f.object({
  id,
  stage: f.text(4096),
  status: f.oneOf(RunStatus),
  cacheHit: z.boolean({ error: 'expected a boolean' }),
  error: f.text(65536).nullable(),
  counts,
  slices: f.list(sliceStatus, 100_000),
})

/**
 * A run's status: the run, each stage run and each slice with their statuses (core's
 * vocabulary), counts and errors (`runi status --json`; the control plane's run resource).
 * Other fields (stats, cache keys, inputs, datasets written) may ride along; this schema checks
 * the status part.
 */
export const runStatusSchema = messageSchema('run-status', 1, {
  run: f.object({
    id,
    herd: f.text(256),
    planHash: f.text(256),
    status: f.oneOf(RunStatus),
    createdAt: f.text(64),
    startedAt: when,
    finishedAt: when,
    error: f.text(65536).nullable(),
  }),
  stages: f.list(stageStatus, 10_000),
  counts,
})
export type RunStatusMessage = z.output<typeof runStatusSchema>

/** The `{ version, type }` a run's status is sent with. */
export const RUN_STATUS = { type: 'run-status', version: 1 } as const
