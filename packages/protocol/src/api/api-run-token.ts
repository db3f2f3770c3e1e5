import { z } from 'zod'

/** `POST /api/v1/herds/{herd}/runs/{runId}/token`: how long the run token lasts. */
export const runTokenCreateSchema = z
  .object({ expiresInMinutes: z.number().int().min(1).max(1440).default(60) })
  .strict()

/** A run token and its secret, shown once: it reads its own run and nothing else. */
export const runTokenCreatedSchema = z.object({
  id: z.string(),
  runId: z.string(),
  herd: z.string(),
  expiresAt: z.string(),
  secret: z.string(),
})
export type RunTokenCreated = z.output<typeof runTokenCreatedSchema>
