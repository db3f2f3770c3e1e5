import { z } from 'zod'

/** One version of a dataset as the API shows it. */
export const apiDatasetVersionSchema = z.object({
  name: z.string(),
  version: z.number().int(),
  ref: z.string(),
  contentHash: z.string(),
  contractHash: z.string().nullable(),
  size: z.number().int(),
  recordCount: z.number().int(),
  format: z.string(),
})
export type ApiDatasetVersion = z.output<typeof apiDatasetVersionSchema>

/** A dataset of a herd: how many versions it has and the latest. */
export const apiDatasetSchema = z.object({
  name: z.string(),
  versions: z.number().int(),
  latest: apiDatasetVersionSchema.nullable(),
})
export type ApiDataset = z.output<typeof apiDatasetSchema>
