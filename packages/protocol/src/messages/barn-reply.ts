import { z } from 'zod'
import { messageFields as f, messageSchema } from './message-fields.js'

/**
 * What the `runi run` holding the Barn sends back for a request (the run → CLI, one JSON line
 * each): the command's output as it is written (`barn-output`, base64), then its exit code
 * (`barn-exit`).
 */
export const barnReplySchema = z.discriminatedUnion(
  'type',
  [
    messageSchema('barn-output', 1, {
      fd: z.union([z.literal(1), z.literal(2)], { error: 'expected 1 or 2' }),
      data: f.text(16 * 1024 * 1024).regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'expected base64' }),
    }),
    messageSchema('barn-exit', 1, {
      code: f.count.max(255, { error: 'expected an exit code 0 to 255' }),
    }),
  ],
  { error: 'expected type barn-output or barn-exit' },
)
export type BarnReply = z.output<typeof barnReplySchema>
