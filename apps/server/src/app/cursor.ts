import { RuninkError } from '@runink/core'
import { ServerCodes } from '@runink/protocol'

/** An opaque page cursor for the key of the last item of a page. */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

/** The key a cursor holds; a cursor this server did not make is a 400 saying so. */
export function decodeCursor(cursor: string, parts: number): string[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(key) && key.length === parts && key.every((k) => typeof k === 'string'))
      return key as string[]
  } catch {
    // Reported below.
  }
  throw new RuninkError(
    ServerCodes.RUNINK_HTTP_BAD_REQUEST,
    'not a cursor this list gave: pass next_cursor back unchanged',
    { details: { cursor } },
  )
}
