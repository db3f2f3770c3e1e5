import { z } from '@hono/zod-openapi'
import { herdNameSchema } from '@runink/protocol'

/** The `{herd}` path parameter of every herd-scoped route. */
export const herdParam = z.object({ herd: herdNameSchema })
