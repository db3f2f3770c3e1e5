import { apiFetch } from '../remote/api-fetch.js'
import type { ServerProfile } from '../remote/profiles.js'

/**
 * A streamed text answer of the server's API (NDJSON), as the chunks it arrives in: lines end
 * where the server ended them.
 */
export async function* apiLines(server: ServerProfile, path: string): AsyncGenerator<string> {
  const response = await apiFetch(server, path)
  if (response.body === null) return
  const decoder = new TextDecoder()
  for await (const chunk of response.body) {
    const text = decoder.decode(chunk, { stream: true })
    if (text) yield text
  }
  const rest = decoder.decode()
  if (rest) yield rest
}
