import { z } from 'zod'

/** A path inside a submitted pipeline bundle: relative, `/`-separated, no `..`, no NUL. */
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
 * `POST /api/v1/herds/{herd}/runs`: a pipeline bundle (its feature file, contracts, steps and
 * local data, each file's bytes in base64) and which file is the feature; run parameters.
 */
export const runSubmitSchema = z
  .object({
    feature: bundlePathSchema,
    files: z
      .record(bundlePathSchema, z.base64())
      .refine(
        (files) => Object.keys(files).length >= 1 && Object.keys(files).length <= 1000,
        '1 to 1000 files',
      ),
    params: z.record(z.string().max(128), z.string().max(4096)).optional(),
    noCache: z.boolean().optional(),
  })
  .strict()
export type RunSubmit = z.output<typeof runSubmitSchema>

/** The answer to a submission: the run, started (follow it with `GET …/runs/{runId}`). */
export const runSubmittedSchema = z.object({ runId: z.string(), planHash: z.string() })
