import { z } from 'zod'

/**
 * Every error the HTTP API returns: the stable code (the one table, `ERROR_CODES`, gives its
 * HTTP status), a message for people, structured details, and the request's id (also in the
 * `x-request-id` header and the server's log line for the request).
 */
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
  request_id: z.string(),
})
export type ApiError = z.output<typeof apiErrorSchema>
