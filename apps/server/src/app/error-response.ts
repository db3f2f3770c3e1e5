import { isRuninkError } from '@runink/core'
import { ServerCodes, surfaceOf, type ApiError } from '@runink/protocol'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ServerEnv } from './server-env.js'

/** The error body every failing request gets, with its request id. */
export function errorBody(
  c: Context<ServerEnv>,
  code: string,
  message: string,
  details?: Readonly<Record<string, unknown>>,
): ApiError {
  return {
    error: { code, message, ...(details ? { details: { ...details } } : {}) },
    request_id: c.get('requestId'),
  }
}

const HTTP_CODES: Readonly<Record<number, string>> = {
  404: ServerCodes.RUNINK_HTTP_NOT_FOUND,
  413: ServerCodes.RUNINK_HTTP_TOO_LARGE,
}

/**
 * An error as the API answers it: a RuninkError with its code's status from the one table
 * (`surfaceOf`); Hono's own 4xx (a body that is not the JSON its content type says) with its
 * status and our code; anything else is a 500 that says no more than its request id (the
 * server's log has the rest).
 */
export function errorResponse(c: Context<ServerEnv>, error: unknown): Response {
  if (isRuninkError(error)) {
    const status = surfaceOf(error.code).http as ContentfulStatusCode
    return c.json(errorBody(c, error.code, error.message, error.details), status)
  }
  if (error instanceof HTTPException && error.status < 500) {
    const code = HTTP_CODES[error.status] ?? ServerCodes.RUNINK_HTTP_BAD_REQUEST
    const status = (
      code === ServerCodes.RUNINK_HTTP_BAD_REQUEST ? 400 : error.status
    ) as ContentfulStatusCode
    return c.json(errorBody(c, code, `the request was refused: ${error.message}`), status)
  }
  return c.json(
    errorBody(
      c,
      ServerCodes.RUNINK_HTTP_INTERNAL,
      `the server failed to answer this request; its log has the details under request id ${c.get('requestId')}`,
    ),
    500,
  )
}
