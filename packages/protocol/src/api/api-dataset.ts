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

/** The header a dataset version's bytes come with: their `sha256:<hex>`, to check them by. */
export const CONTENT_HASH_HEADER = 'x-runink-content-hash'

/**
 * `POST /api/v1/herds/{herd}/datasets/{name}/versions`: what the pushed bytes are (the body is
 * the bytes themselves); what `runi dataset push` records.
 */
export const datasetPushQuerySchema = z.object({
  format: z.string().regex(/^[a-z0-9]{1,16}$/, 'a format like csv, jsonl, json or parquet'),
  records: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  contractHash: z
    .string()
    .regex(/^sha256:[0-9a-f]{64}$/, 'a contract hash: sha256: and 64 hex digits')
    .optional(),
})

/** `GET …/versions/{version}/sample`: how many records at most (from the start). */
export const datasetSampleQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(20),
})

/**
 * The first records of a version, as stored: values a pipeline masked were stored masked and
 * stay so (nothing is unmasked on the way out).
 */
export const apiDatasetSampleSchema = z.object({
  ref: z.string(),
  format: z.string(),
  records: z.array(z.record(z.string(), z.unknown())),
})
export type ApiDatasetSample = z.output<typeof apiDatasetSampleSchema>
