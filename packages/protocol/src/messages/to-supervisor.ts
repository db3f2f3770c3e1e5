import { IsolationRequest, SandboxBackend } from '@runink/core'
import { z } from 'zod'
import { messageFields as f, messageSchema } from './message-fields.js'

const path = f.text(4096)
const id = f.count
const bytes = z.union([z.string(), z.instanceof(Uint8Array)], {
  error: 'expected a string or bytes',
})

/** What to run and with what (the sandbox's LaunchRequest). */
export const launchRequestSchema = f.object({
  command: f.list(f.text(65536), 10_000).min(1, { error: 'expected at least 1 item' }),
  env: f.record(f.text(1024 * 1024), 10_000).optional(),
  cwd: path.optional(),
  readOnly: f.list(path, 10_000).optional(),
  hidden: f.list(path, 10_000).optional(),
  stagingDir: path.optional(),
  network: z.boolean({ error: 'expected a boolean' }).optional(),
  limits: f
    .object({
      memoryBytes: f.count.optional(),
      cpuMillis: f.count.optional(),
      pids: f.count.optional(),
      timeoutMs: f.count.optional(),
      diskBytes: f.count.optional(),
      maxFileBytes: f.count.optional(),
      openFiles: f.count.optional(),
    })
    .optional(),
  input: bytes.optional(),
  initialMessage: z.unknown().optional(),
})

/** How the supervisor's launcher is set up (the sandbox's LocalLauncherOptions). */
const launcherOptions = f.object({
  mode: f.oneOf(IsolationRequest).optional(),
  backend: f.oneOf(SandboxBackend).optional(),
  stagingRoot: path.optional(),
  cgroups: z.boolean({ error: 'expected a boolean' }).optional(),
  cgroupName: f.text(256).optional(),
  seeds: f.count.optional(),
  allowUnenforcedLimits: z.boolean({ error: 'expected a boolean' }).optional(),
})

/**
 * Messages from the caller to its supervisor process (host → supervisor, Node IPC with
 * structured clone). The supervisor refuses one that breaks this schema with a `failed` reply.
 */
export const toSupervisorSchema = z.discriminatedUnion(
  'type',
  [
    messageSchema('init', 1, { options: launcherOptions }),
    messageSchema('launch', 1, { id, request: launchRequestSchema }),
    messageSchema('prespawn', 1, {
      id,
      template: launchRequestSchema,
      count: f.count.max(1000, { error: 'expected at most 1000' }),
    }),
    /** Launch with a pre-spawned sandbox whose pipes the caller holds. */
    messageSchema('claim', 1, { id, warmId: id }),
    messageSchema('send', 1, { id, message: z.unknown() }),
    messageSchema('kill', 1, {
      id,
      reason: z.enum(['killed', 'cancelled'], { error: 'expected killed or cancelled' }),
    }),
    messageSchema('close', 1, { id }),
  ],
  { error: 'expected type init, launch, prespawn, claim, send, kill or close' },
)
export type ToSupervisor = z.output<typeof toSupervisorSchema>
