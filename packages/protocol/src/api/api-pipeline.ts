import { z } from 'zod'

/** A path inside a pipeline bundle: relative, `/`-separated, no `..`, no NUL. */
export const bundlePathSchema = z
  .string()
  .min(1)
  .max(512)
  .refine(
    (p) =>
      !p.startsWith('/') &&
      !p.includes('\\') &&
      !p.includes('\0') &&
      p.split('/').every((s) => s !== '' && s !== '.' && s !== '..'),
    'a relative path inside the bundle (no leading /, no . or .. segments, no backslashes)',
  )

/**
 * A pipeline bundle: its feature file, contracts, steps and local data (each file's bytes in
 * base64), and which file is the feature.
 */
export const pipelineBundleSchema = z
  .object({
    feature: bundlePathSchema,
    files: z
      .record(bundlePathSchema, z.base64())
      .refine(
        (files) => Object.keys(files).length >= 1 && Object.keys(files).length <= 1000,
        '1 to 1000 files',
      ),
  })
  .strict()
export type PipelineBundle = z.output<typeof pipelineBundleSchema>

/** A pipeline's name (the feature's `@feature(name=…)`) as a path segment. */
export const pipelineNameSchema = z.string().min(1).max(256)

/** One version of a pipeline as the API shows it. */
export const apiPipelineSchema = z.object({
  name: z.string(),
  version: z.number().int(),
  planHash: z.string(),
  bundleHash: z.string(),
  feature: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
})
export type ApiPipeline = z.output<typeof apiPipelineSchema>

/**
 * The answer to `POST …/pipelines`: the version the bundle is (`created: false` when it equals
 * the latest version, which is then answered again).
 */
export const pipelineUploadedSchema = z.object({
  name: z.string(),
  version: z.number().int(),
  planHash: z.string(),
  created: z.boolean(),
})
export type PipelineUploaded = z.output<typeof pipelineUploadedSchema>

/** Which pipeline version a run ran (null for runs not submitted as a pipeline). */
export const runPipelineRefSchema = z
  .object({ name: z.string(), version: z.number().int() })
  .nullable()
