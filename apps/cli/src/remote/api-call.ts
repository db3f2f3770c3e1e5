import { RuninkError } from '@runink/core'
import { apiErrorSchema } from '@runink/protocol'
import { CliError } from '../cli-error.js'
import { apiFetch } from './api-fetch.js'
import type { ServerProfile } from './profiles.js'

/**
 * The error an answer that is not OK stands for: a RuninkError with the server's code and
 * message (so the exit code follows the one table), or, without a Runink error body, a CLI error
 * naming the status.
 */
export function answerError(server: ServerProfile, status: number, json: unknown): Error {
  const error = apiErrorSchema.safeParse(json)
  if (error.success)
    return new RuninkError(
      error.data.error.code,
      `${error.data.error.message} (server ${server.url})`,
      { details: { ...(error.data.error.details ?? {}), request_id: error.data.request_id } },
    )
  return new CliError(
    'RUNINK_CLI_UNREADABLE_INPUT',
    `the server at ${server.url} answered ${status} without a Runink error body`,
    { url: server.url, status },
  )
}

/**
 * One call to the server's API, resolving to its JSON body. An error answer becomes a
 * RuninkError with the server's code and message (so the exit code follows the one table); a
 * server that cannot be reached is said with its URL (see apiFetch).
 */
export async function apiCall<T>(
  server: ServerProfile,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await apiFetch(server, path, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  })
  return (await response.json().catch(() => undefined)) as T
}
