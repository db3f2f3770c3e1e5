import { RuninkError } from '@runink/core'
import { apiErrorSchema } from '@runink/protocol'
import { CliError } from '../cli-error.js'
import type { ServerProfile } from './profiles.js'

/** A fetch to the server with its token; a server that cannot be reached is said with its URL. */
export async function serverFetch(
  server: ServerProfile,
  path: string,
  init: RequestInit & { headers?: Record<string, string> } = {},
): Promise<Response> {
  try {
    return await fetch(`${server.url}${path}`, {
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
}

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
      {
        details: { ...(error.data.error.details ?? {}), request_id: error.data.request_id },
      },
    )
  return new CliError(
    'RUNINK_CLI_UNREADABLE_INPUT',
    `the server at ${server.url} answered ${status} without a Runink error body`,
    { url: server.url, status },
  )
}

/** One call to the server's API, resolving to its JSON body; an error answer throws its error. */
export async function apiCall<T>(
  server: ServerProfile,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await serverFetch(server, path, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  })
  const json: unknown = await response.json().catch(() => undefined)
  if (response.ok) return json as T
  throw answerError(server, response.status, json)
}
