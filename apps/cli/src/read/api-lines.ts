import { RuninkError } from '@runink/core'
import { apiErrorSchema } from '@runink/protocol'
import { CliError } from '../cli-error.js'
import type { ServerProfile } from '../remote/profiles.js'

/**
 * A streamed answer of the server's API, as the text chunks it arrives in (NDJSON lines end
 * where the server ended them). An error answer becomes a RuninkError with the server's code,
 * as {@link apiCall} makes it.
 */
export async function* apiLines(server: ServerProfile, path: string): AsyncGenerator<string> {
  let response: Response
  try {
    response = await fetch(`${server.url}${path}`, {
      headers: { authorization: `Bearer ${server.token}` },
    })
  } catch (error) {
    throw new CliError(
      'RUNINK_CLI_USAGE',
      `cannot reach the server at ${server.url}: ${(error as Error).cause ?? (error as Error).message}`,
      { url: server.url },
    )
  }
  if (!response.ok || response.body === null) {
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
  const decoder = new TextDecoder()
  for await (const chunk of response.body) {
    const text = decoder.decode(chunk, { stream: true })
    if (text) yield text
  }
  const rest = decoder.decode()
  if (rest) yield rest
}
