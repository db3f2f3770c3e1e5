/**
 * The supervisor process: started once per caller by {@link createSupervisor}, it launches
 * slices outside the caller's event loop, keeps pre-spawned sandboxes warm and relays each
 * slice's output, messages and exit over Node IPC. It dies with its caller.
 */
import { isRuninkError } from '@runink/core'
import { LocalLauncher } from './local-launcher.js'
import type { LocalSlice } from './local-slice.js'
import { PrespawnPool } from './prespawn-pool.js'
import type { FromSupervisor, ToSupervisor, WireError } from './supervisor-protocol.js'

let launcher: LocalLauncher | undefined
let pool: PrespawnPool | undefined
const slices = new Map<number, LocalSlice>()

function reply(message: FromSupervisor): void {
  process.send?.(message)
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

function relay(id: number, slice: LocalSlice): void {
  slices.set(id, slice)
  slice.stdout.on('data', (data: Buffer) => reply({ t: 'out', id, stream: 'stdout', data }))
  slice.stderr.on('data', (data: Buffer) => reply({ t: 'out', id, stream: 'stderr', data }))
  slice.onMessage((message) => reply({ t: 'message', id, message }))
  void slice.wait().then((exit) => {
    slices.delete(id)
    reply({ t: 'exit', id, exit })
  })
}

function launch(id: number, message: Extract<ToSupervisor, { t: 'launch' }>): void {
  if (launcher === undefined || pool === undefined) throw new Error('supervisor not initialised')
  const { request } = message
  const warm = pool.take(request)
  const slice = warm ?? launcher.start(request, false)
  // The job goes in first (a waiting sandbox starts on it at once). Then `launched`, before any
  // relayed output: that only arrives on later turns of this loop, so the caller knows the id.
  slice.activate(request.input, request.initialMessage)
  reply({
    t: 'launched',
    id,
    slice: {
      id: slice.id,
      isolation: slice.isolation,
      stagingDir: slice.stagingDir,
      prespawned: slice.prespawned,
      warnings: slice.warnings,
    },
  })
  relay(id, slice)
}

async function handle(message: ToSupervisor): Promise<void> {
  switch (message.t) {
    case 'init':
      try {
        launcher = new LocalLauncher(message.options)
        pool = new PrespawnPool(launcher)
        const { isolation, backend, warnings } = launcher
        reply({ t: 'ready', isolation, backend, warnings })
      } catch (error) {
        reply({ t: 'failed', id: 0, error: wireError(error) })
      }
      return
    case 'launch':
      try {
        launch(message.id, message)
      } catch (error) {
        reply({ t: 'failed', id: message.id, error: wireError(error) })
      }
      return
    case 'prespawn':
      try {
        pool?.warm(message.template, message.count)
        reply({ t: 'done', id: message.id })
      } catch (error) {
        reply({ t: 'failed', id: message.id, error: wireError(error) })
      }
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
      reply({ t: 'done', id: message.id })
      return
  }
}

process.on('message', (message: ToSupervisor) => {
  void handle(message)
})
// The caller is gone: nothing may outlive it.
process.on('disconnect', () => {
  void Promise.all([pool?.close(), launcher?.close()]).finally(() => process.exit(0))
})
