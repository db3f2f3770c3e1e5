import { RuninkError } from '@runink/core'
import { apiErrorSchema } from '@runink/protocol'
import { CliError } from '../cli-error.js'
import type { ServerProfile } from './profiles.js'

/**
 * One request to the server's API with the token, resolving to its answer when it is a success
 * (the body left to read: bytes or lines streamed). An error answer becomes a RuninkError with
 * the server's code and message, as apiCall makes it; a server that cannot be reached is said
 * with its URL.
 */
export async function apiFetch(
  server: ServerProfile,
  path: string,
  init: RequestInit = {},
): Promise<Response> {
  let response: Response
  try {
    response = await fetch(`${server.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${server.token}`, ...init.headers },
    })
  } catch (error) {
    throw new CliError(
      'RUNINK_CLI_USAGE',
      `cannot reach the server at ${server.url}: ${(error as Error).cause ?? (error as Error).message}`,
      { url: server.url },
    )
  }
  if (response.ok) return response
  const error = apiErrorSchema.safeParse(await response.json().catch(() => undefined))
  if (error.success)
    throw new RuninkError(
      error.data.error.code,
      `${error.data.error.message} (server ${server.url})`,
      { details: { ...(error.data.error.details ?? {}), request_id: error.data.request_id } },
    )
  throw new CliError(
    'RUNINK_CLI_UNREADABLE_INPUT',
    `the server at ${server.url} answered ${response.status} without a Runink error body`,
    { url: server.url, status: response.status },
  )
}
