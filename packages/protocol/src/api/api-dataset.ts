import { z } from 'zod'

/**
 * One version of a dataset as the API shows it: the Barn's version, fields in the Barn's order
 * (so a client printing it prints what the Barn would). The object key is the content hash's
 * hex, not a path on the server.
 */
export const apiDatasetVersionSchema = z.object({
  id: z.string(),
  herd: z.string(),
  name: z.string(),
  version: z.number().int(),
  ref: z.string(),
  contentHash: z.string(),
  contractHash: z.string().nullable(),
  size: z.number().int(),
  recordCount: z.number().int(),
  format: z.string(),
  objectKey: z.string(),
  runId: z.string().nullable(),
  stageRunId: z.string().nullable(),
  createdAt: z.string(),
})
export type ApiDatasetVersion = z.output<typeof apiDatasetVersionSchema>

/** A dataset of a herd: how many versions it has and the latest. */
export const apiDatasetSchema = z.object({
  herd: z.string(),
  name: z.string(),
  versions: z.number().int(),
  latest: apiDatasetVersionSchema.nullable(),
})
export type ApiDataset = z.output<typeof apiDatasetSchema>
