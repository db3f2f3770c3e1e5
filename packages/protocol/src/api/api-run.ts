import { RunStatus } from '@runink/core'
import { z } from 'zod'
import { runStatusSchema } from '../messages/run-status.js'
import { runPipelineRefSchema } from './api-pipeline.js'

const statuses = Object.values(RunStatus) as [RunStatus, ...RunStatus[]]

/** A run as lists show it (the Barn's run, fields in its order). */
export const apiRunSchema = z.object({
  id: z.string(),
  herd: z.string(),
  specHash: z.string(),
  planHash: z.string(),
  idempotencyKey: z.string().nullable(),
  status: z.enum(statuses),
  /** The process running it, while one does (pid and host of the runi that started it). */
  owner: z
    .object({ pid: z.number().int(), host: z.string(), startedAt: z.string().nullable() })
    .nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
  /** The pipeline version it ran, when it was submitted to the server as one. */
  pipeline: runPipelineRefSchema.optional(),
})
export type ApiRun = z.output<typeof apiRunSchema>

/** `GET …/runs`: a status to filter on, with the page query. */
export const runStatusFilterSchema = z.object({ status: z.enum(statuses).optional() })

/** `GET …/runs/{runId}`: the run-status message, with the pipeline version the run ran. */
export const apiRunStatusSchema = runStatusSchema.extend({ pipeline: runPipelineRefSchema })
