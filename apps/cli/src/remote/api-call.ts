import { RuninkError } from '@runink/core'
import { apiErrorSchema } from '@runink/protocol'
import { CliError } from '../cli-error.js'
import type { ServerProfile } from './profiles.js'

/**
 * One call to the server's API, resolving to its JSON body. An error answer becomes a
 * RuninkError with the server's code and message (so the exit code follows the one table); a
 * server that cannot be reached is said with its URL.
 */
export async function apiCall<T>(
  server: ServerProfile,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  let response: Response
  try {
    response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${server.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  } catch (error) {
    throw new CliError(
      'RUNINK_CLI_USAGE',
      `cannot reach the server at ${server.url}: ${(error as Error).cause ?? (error as Error).message}`,
      { url: server.url },
    )
  }
  const json: unknown = await response.json().catch(() => undefined)
  if (response.ok) return json as T
  const error = apiErrorSchema.safeParse(json)
  if (error.success)
    throw new RuninkError(
      error.data.error.code,
      `${error.data.error.message} (server ${server.url})`,
      {
        details: { ...(error.data.error.details ?? {}), request_id: error.data.request_id },
      },
    )
  throw new CliError(
    'RUNINK_CLI_UNREADABLE_INPUT',
    `the server at ${server.url} answered ${response.status} without a Runink error body`,
    { url: server.url, status: response.status },
  )
}
