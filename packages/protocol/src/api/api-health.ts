import { z } from 'zod'

/** `/healthz` (the process answers) and `/readyz` (its database answers, schema current). */
export const healthSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.record(z.string(), z.string()).optional(),
})
