/**
 * The supervisor process: started once per caller by {@link createSupervisor}, it launches
 * slices outside the caller's event loop and relays their output, messages and exits over Node
 * IPC. It keeps pre-spawned sandboxes warm and hands each one's pipes to the caller as it
 * starts, so a launch that claims one writes its job straight to it; the supervisor then only
 * starts its clock and reports its exit. It dies with its caller.
 */
import { isRuninkError } from '@runink/core'
import { LocalLauncher } from './local-launcher.js'
import type { LocalSlice } from './local-slice.js'
import { PrespawnPool } from './prespawn-pool.js'
import { parseMessage, toSupervisorSchema } from '@runink/protocol'
import {
  SUPERVISOR_PROTOCOL_VERSION,
  type FromSupervisorBody,
  type ToSupervisor,
  type WireError,
} from './supervisor-protocol.js'

let launcher: LocalLauncher | undefined
let pool: PrespawnPool | undefined
const slices = new Map<number, LocalSlice>()
/** Pre-spawned sandboxes whose pipes went to the caller, by the id the caller claims them with. */
const offered = new Map<number, LocalSlice>()
let lastWarmId = 0

// After the caller disconnects (it is closing), nothing more is said: a send would fail.
function reply(message: FromSupervisorBody): void {
  if (process.connected) process.send?.({ version: SUPERVISOR_PROTOCOL_VERSION, ...message })
}

function wireError(error: unknown): WireError {
  if (isRuninkError(error))
    return { code: error.code, message: error.message, details: error.details }
  return {
    code: 'RUNINK_SANDBOX_LAUNCH_FAILED',
    message: error instanceof Error ? error.message : String(error),
    details: {},
  }
}

function info(slice: LocalSlice): Extract<FromSupervisorBody, { type: 'launched' }>['slice'] {
  return {
    id: slice.id,
    isolation: slice.isolation,
    stagingDir: slice.stagingDir,
    prespawned: slice.prespawned,
    warnings: slice.warnings,
  }
}

/** Relays a slice's exit, and its output and messages unless the caller holds its pipes. */
function relay(id: number, slice: LocalSlice, direct: boolean): void {
  slices.set(id, slice)
  if (!direct) {
    slice.stdout.on('data', (data: Buffer) => reply({ type: 'out', id, stream: 'stdout', data }))
    slice.stderr.on('data', (data: Buffer) => reply({ type: 'out', id, stream: 'stderr', data }))
    slice.onMessage((message) => reply({ type: 'message', id, message }))
  }
  void slice.wait().then((exit) => {
    slices.delete(id)
    reply({ type: 'exit', id, exit })
  })
}

/** Hands a new pre-spawned sandbox's pipes to the caller, then offers it for `key`. */
function offer(slice: LocalSlice, key: string): void {
  const warmId = ++lastWarmId
  offered.set(warmId, slice)
  if (!process.connected) return
  slice
    .handOverPipes()
    .forEach((pipe, fd) =>
      process.send?.({ version: SUPERVISOR_PROTOCOL_VERSION, type: 'warm-pipe', warmId, fd }, pipe),
    )
  reply({ type: 'warm', warmId, key, slice: info(slice) })
}

function withdraw(slice: LocalSlice): void {
  for (const [warmId, waiting] of offered)
    if (waiting === slice) {
      offered.delete(warmId)
      reply({ type: 'warm-gone', warmId })
    }
}

function launch(id: number, message: Extract<ToSupervisor, { type: 'launch' }>): void {
  if (launcher === undefined) throw new Error('supervisor not initialised')
  const { request } = message
  const slice = launcher.start(request, false)
  // The job goes in first. Then `launched`, before any relayed output: that only arrives on
  // later turns of this loop, so the caller knows the id.
  slice.activate(request.input, request.initialMessage)
  reply({ type: 'launched', id, slice: info(slice) })
  relay(id, slice, false)
}

/** The caller has written the job to an offered sandbox: start its clock, relay its exit. */
function claim(id: number, warmId: number): void {
  const slice = offered.get(warmId)
  offered.delete(warmId)
  if (slice === undefined || pool?.claim(slice) !== true) {
    reply({ type: 'unclaimed', id })
    return
  }
  slice.startClock()
  reply({ type: 'launched', id, slice: info(slice) })
  relay(id, slice, true)
}

async function handle(message: ToSupervisor): Promise<void> {
  switch (message.type) {
    case 'init':
      try {
        launcher = new LocalLauncher(message.options)
        pool = new PrespawnPool(launcher, { onWarm: offer, onGone: withdraw })
        const { isolation, backend, warnings } = launcher
        reply({ type: 'ready', isolation, backend, warnings })
      } catch (error) {
        reply({ type: 'failed', id: 0, error: wireError(error) })
      }
      return
    case 'launch':
      try {
        launch(message.id, message)
      } catch (error) {
        reply({ type: 'failed', id: message.id, error: wireError(error) })
      }
      return
    case 'prespawn':
      try {
        pool?.warm(message.template, message.count)
        reply({ type: 'done', id: message.id })
      } catch (error) {
        reply({ type: 'failed', id: message.id, error: wireError(error) })
      }
      return
    case 'claim':
      claim(message.id, message.warmId)
      return
    case 'send':
      slices.get(message.id)?.send(message.message)
      return
    case 'kill':
      slices.get(message.id)?.kill(message.reason)
      return
    case 'close':
      await pool?.close()
      await launcher?.close()
      reply({ type: 'done', id: message.id })
      return
  }
}

/** The boundary messages from the caller cross, as a refusal names it. */
const BOUNDARY = 'supervisor message (host → supervisor)'

process.on('message', (message: unknown) => {
  const parsed = parseMessage(toSupervisorSchema, message, BOUNDARY)
  if (parsed.ok) {
    void handle(parsed.value)
    return
  }
  // Refused, never acted on: the caller's request (when it names one) fails with the reason.
  const id = (message as { id?: unknown } | null)?.id
  reply({
    type: 'failed',
    id: typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : 0,
    error: wireError(parsed.error),
  })
})
/** How long shutting down may take before the supervisor exits anyway. */
const SHUTDOWN_GRACE_MS = 5000
/** How often the supervisor checks that its caller is still its parent. */
const PARENT_CHECK_MS = 250

let shuttingDown = false
/** Kills every slice, seed and waiting sandbox, then exits (at the latest after the grace). */
function shutdown(): void {
  if (shuttingDown) return
  shuttingDown = true
  setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS).unref()
  void Promise.all([pool?.close(), launcher?.close()]).finally(() => process.exit(0))
}

// The caller is gone: nothing may outlive it. 'disconnect' is not enough: a caller killed while
// pipe handles sent to it await their acknowledgement can leave the channel closed without that
// event (the supervisor test kills one so). So the supervisor also watches its parent: it is
// re-parented when the caller dies.
const parent = process.ppid
process.on('disconnect', shutdown)
setInterval(() => {
  if (process.ppid !== parent || !process.connected) shutdown()
}, PARENT_CHECK_MS).unref()

// A stop signal sent to the whole process group or cgroup (Ctrl-C, systemd) reaches this
// process too: its caller cancels the run and closes it; it must not die first and leave the
// slices' ends unreported. The parent check above still ends it if the caller is gone.
process.on('SIGINT', () => undefined)
process.on('SIGTERM', () => undefined)
