import { z } from 'zod'
import { messageFields as f, messageSchema } from './message-fields.js'

const bool = z.boolean({ error: 'expected a boolean' })

/**
 * What a command in another terminal asks of the `runi run` holding the embedded Barn (CLI →
 * the run, one JSON line on the Barn's socket): its command line, folder and environment.
 */
export const barnRequestSchema = messageSchema('barn-request', 1, {
  argv: f.list(f.text(65536), 1000),
  cwd: f.text(4096),
  env: f.record(f.text(65536), 10_000),
  /** Whether the asker's stdout and stderr are terminals (colours, tables). */
  tty: f.object({ stdout: bool, stderr: bool }),
})
export type BarnRequest = z.output<typeof barnRequestSchema>

/** The `{ version, type }` a Barn request is sent with. */
export const BARN_REQUEST = { type: 'barn-request', version: 1 } as const
