import { Isolation, SandboxBackend, SliceExitReason } from '@runink/core'
import { z } from 'zod'
import { messageFields as f, messageSchema } from './message-fields.js'

const id = f.count
const warnings = f.list(f.text(65536), 1000)

/** What the caller learns about a launched slice. */
export const launchedSliceSchema = f.object({
  id: f.text(256),
  isolation: f.oneOf(Isolation),
  stagingDir: f.text(4096),
  prespawned: z.boolean({ error: 'expected a boolean' }),
  warnings,
})
export type LaunchedSlice = z.output<typeof launchedSliceSchema>

/** A failure, as plain data. */
export const wireErrorSchema = f.object({
  code: f.code,
  message: f.text(65536),
  details: z.record(z.string(), z.unknown(), { error: 'expected an object' }),
})
export type WireError = z.output<typeof wireErrorSchema>

/** How a slice ended (the sandbox's SliceExit). */
export const sliceExitSchema = f.object({
  exitCode: z.int({ error: 'expected an integer' }).nullable(),
  signal: f.text(64).nullable(),
  reason: f.oneOf(SliceExitReason),
  message: f.text(65536),
  isolation: f.oneOf(Isolation),
  peakMemoryBytes: f.count.optional(),
  durationMs: f.measure,
})
export type SliceExitMessage = z.output<typeof sliceExitSchema>

/**
 * Messages from the supervisor process to its caller (supervisor → host, Node IPC). The caller
 * refuses one that breaks this schema: it stops trusting that supervisor.
 */
export const fromSupervisorSchema = z.discriminatedUnion(
  'type',
  [
    messageSchema('ready', 1, {
      isolation: f.oneOf(Isolation),
      backend: f.oneOf(SandboxBackend),
      warnings,
    }),
    messageSchema('launched', 1, { id, slice: launchedSliceSchema }),
    /** One pipe of a pre-spawned sandbox (fd 0 to 3), its handle sent with the message. */
    messageSchema('warm-pipe', 1, { warmId: id, fd: f.count.max(3, { error: 'expected 0 to 3' }) }),
    /** A pre-spawned sandbox is ready for launches whose pool key is `key`. */
    messageSchema('warm', 1, { warmId: id, key: f.text(1024 * 1024), slice: launchedSliceSchema }),
    /** A pre-spawned sandbox died before it was claimed. */
    messageSchema('warm-gone', 1, { warmId: id }),
    /** The claimed sandbox was gone: launch another way. */
    messageSchema('unclaimed', 1, { id }),
    messageSchema('failed', 1, { id, error: wireErrorSchema }),
    messageSchema('out', 1, {
      id,
      stream: z.enum(['stdout', 'stderr'], { error: 'expected stdout or stderr' }),
      data: z.instanceof(Uint8Array, { error: 'expected bytes' }),
    }),
    messageSchema('message', 1, { id, message: z.unknown() }),
    messageSchema('exit', 1, { id, exit: sliceExitSchema }),
    messageSchema('done', 1, { id }),
  ],
  {
    error:
      'expected type ready, launched, warm-pipe, warm, warm-gone, unclaimed, failed, out, message, exit or done',
  },
)
export type FromSupervisor = z.output<typeof fromSupervisorSchema>
