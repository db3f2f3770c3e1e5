import { decodeCursor, encodeCursor } from './cursor.js'

/**
 * A page of a list keyed by name: asks `fetch` for one more than `limit` after the cursor's name,
 * and gives the page with the cursor of the next one (null on the last).
 */
export async function pageByName<T extends { readonly name: string }>(
  query: { readonly limit: number; readonly cursor?: string | undefined },
  fetch: (options: { limit: number; after?: string }) => Promise<T[]>,
): Promise<{ page: T[]; next_cursor: string | null }> {
  const { limit, cursor } = query
  const after = cursor === undefined ? undefined : decodeCursor(cursor, 1)[0]
  const found = await fetch({ limit: limit + 1, ...(after === undefined ? {} : { after }) })
  const page = found.slice(0, limit)
  const last = page.at(-1)
  return { page, next_cursor: found.length > limit && last ? encodeCursor([last.name]) : null }
}
