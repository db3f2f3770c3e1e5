import { z } from 'zod'
import { pipelineBundleSchema, pipelineNameSchema, runPipelineRefSchema } from './api-pipeline.js'

const runOptions = {
  params: z.record(z.string().max(128), z.string().max(4096)).optional(),
  noCache: z.boolean().optional(),
}

/**
 * `POST /api/v1/herds/{herd}/runs`: either a pipeline bundle (uploaded as a pipeline version,
 * then run) or an uploaded pipeline by name and version (default its latest); run parameters.
 */
export const runSubmitSchema = z.union([
  pipelineBundleSchema.extend(runOptions).strict(),
  z
    .object({
      pipeline: pipelineNameSchema,
      version: z.number().int().min(1).max(2_147_483_647).optional(),
      ...runOptions,
    })
    .strict(),
])
export type RunSubmit = z.output<typeof runSubmitSchema>

/** The answer to a submission: the run, started, and the pipeline version it runs. */
export const runSubmittedSchema = z.object({
  runId: z.string(),
  planHash: z.string(),
  pipeline: runPipelineRefSchema,
})
