import { z } from 'zod'

/** The query of a paged list: at most `limit` items, after the `cursor` a previous page gave. */
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(512).optional(),
})

/**
 * A page of a list: its items and the cursor of the next page (null on the last). Cursors are
 * opaque; pass one back unchanged as `?cursor=`.
 */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next_cursor: z.string().nullable() })
}
