import { RunStatus } from '@runink/core'
import { z } from 'zod'

const statuses = Object.values(RunStatus) as [RunStatus, ...RunStatus[]]

/** A run as lists show it. */
export const apiRunSchema = z.object({
  id: z.string(),
  herd: z.string(),
  planHash: z.string(),
  status: z.enum(statuses),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
})
export type ApiRun = z.output<typeof apiRunSchema>

/** `GET …/runs`: a status to filter on, with the page query. */
export const runStatusFilterSchema = z.object({ status: z.enum(statuses).optional() })
