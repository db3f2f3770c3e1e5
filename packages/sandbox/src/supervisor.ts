import { fork, type ChildProcess } from 'node:child_process'
import type { Socket } from 'node:net'
import type { Isolation } from '@runink/core'
import type { LocalLauncherOptions } from './local-launcher.js'
import { OfferedSandboxes } from './offered-sandboxes.js'
import { poolKey } from './pool-key.js'
import { RemoteSlice } from './remote-slice.js'
import type { SandboxBackend } from './sandbox-backend.js'
import { SandboxError, type SandboxCodes } from './sandbox-error.js'
import type { LaunchRequest, SliceLauncher } from './slice-launcher.js'
import { supervisorEntry } from './supervisor-entry.js'
import { fromSupervisorSchema, parseMessage, type ProtocolError } from '@runink/protocol'
import {
  SUPERVISOR_PROTOCOL_VERSION,
  type FromSupervisor,
  type LaunchedSlice,
  type ToSupervisorBody,
  type WireError,
} from './supervisor-protocol.js'

/** Options of {@link createSupervisor}. */
export interface SupervisorOptions extends LocalLauncherOptions {
  /** Templates to keep pre-spawned from the start, with how many of each. */
  readonly prespawn?: ReadonlyArray<{ readonly template: LaunchRequest; readonly count: number }>
}

/** A launcher whose slices are started by a separate supervisor process. */
export interface Supervisor extends SliceLauncher {
  readonly backend: SandboxBackend
  /** The supervisor's pid. */
  readonly pid: number
  /** Keeps `count` sandboxes for `template` started and waiting for their job. */
  prespawn(template: LaunchRequest, count: number): Promise<void>
}

type Pending = { resolve: (value: FromSupervisor) => void; reject: (error: Error) => void }

/**
 * Starts the supervisor process (once) and returns a launcher that talks to it over IPC, so
 * launching never blocks the caller's event loop. Slices die with the supervisor, and the
 * supervisor with its caller.
 */
export async function createSupervisor(options: SupervisorOptions = {}): Promise<Supervisor> {
  const { prespawn = [], ...launcherOptions } = options
  const child = fork(await supervisorEntry(), [], {
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [],
  })
  const supervisor = new SupervisorClient(child)
  const ready = await supervisor.request(0, { type: 'init', options: launcherOptions })
  if (ready.type !== 'ready') throw new Error('supervisor did not start')
  supervisor.ready(ready)
  for (const { template, count } of prespawn) await supervisor.prespawn(template, count)
  return supervisor
}

/** The boundary messages from the supervisor cross, as a refusal names it. */
const BOUNDARY = 'supervisor message (supervisor → host)'

/** The caller's end of a supervisor process (exported for its boundary tests). */
export class SupervisorClient implements Supervisor {
  isolation: Isolation = 'none'
  backend: SandboxBackend = 'none'
  warnings: readonly string[] = []
  private readonly pending = new Map<number, Pending>()
  private readonly slices = new Map<number, RemoteSlice>()
  /** Pipes of offered sandboxes being claimed, by launch id. */
  private readonly claiming = new Map<number, readonly Socket[]>()
  /** Slices registered on `launched`, until their `launch` call resumes. */
  private readonly launched = new Map<number, RemoteSlice>()
  private readonly offered = new OfferedSandboxes()
  private nextId = 1
  private gone: string | undefined

  constructor(private readonly child: ChildProcess) {
    child.on('message', (message: unknown, handle?: Socket) => {
      const parsed = parseMessage(fromSupervisorSchema, message, BOUNDARY)
      if (parsed.ok) this.receive(parsed.value, handle)
      else this.refuse(parsed.error)
    })
    child.on('exit', (code, signal) => this.died(`exited (${signal ?? `code ${String(code)}`})`))
    child.on('error', (error) => this.died(error.message))
  }

  get pid(): number {
    return this.child.pid ?? -1
  }

  ready(message: Extract<FromSupervisor, { type: 'ready' }>): void {
    this.isolation = message.isolation
    this.backend = message.backend
    this.warnings = message.warnings
    this.updateRef()
  }

  /**
   * Starts a slice. A request that matches an offered pre-spawned sandbox writes its job to it
   * directly and only asks the supervisor to start its clock; any other starts in the
   * supervisor.
   */
  async launch(request: LaunchRequest): Promise<RemoteSlice> {
    const key = poolKey(request)
    for (let warm = this.offered.take(key); warm !== undefined; warm = this.offered.take(key)) {
      const [stdin, , , fd3] = warm.pipes
      stdin?.end(request.input ?? '')
      if (request.initialMessage !== undefined)
        fd3?.write(`${JSON.stringify(request.initialMessage)}\n`)
      const id = this.nextId++
      this.claiming.set(id, warm.pipes)
      const reply = await this.request(id, { type: 'claim', id, warmId: warm.warmId }).finally(() =>
        this.claiming.delete(id),
      )
      if (reply.type === 'launched') return this.launchedAs(id, reply.slice, warm.pipes)
      // It died before the claim reached it: the job went nowhere.
      for (const pipe of warm.pipes) pipe.destroy()
    }
    const id = this.nextId++
    const reply = await this.request(id, { type: 'launch', id, request })
    if (reply.type !== 'launched') throw new Error('unexpected supervisor reply')
    return this.launchedAs(id, reply.slice)
  }

  private launchedAs(id: number, info: LaunchedSlice, pipes?: readonly Socket[]): RemoteSlice {
    const slice = this.launched.get(id)
    this.launched.delete(id)
    return slice ?? this.register(id, info, pipes)
  }

  async prespawn(template: LaunchRequest, count: number): Promise<void> {
    const id = this.nextId++
    await this.request(id, { type: 'prespawn', id, template, count })
  }

  async close(): Promise<void> {
    this.offered.clear()
    if (this.gone !== undefined) return
    const id = this.nextId++
    await this.request(id, { type: 'close', id })
    this.child.ref()
    this.child.disconnect()
    await new Promise<void>((resolve) =>
      this.child.exitCode === null ? this.child.once('exit', () => resolve()) : resolve(),
    )
  }

  request(id: number, message: ToSupervisorBody): Promise<FromSupervisor> {
    if (this.gone !== undefined)
      return Promise.reject(
        this.error('RUNINK_SANDBOX_SUPERVISOR_DIED', `the slice supervisor ${this.gone}`),
      )
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.updateRef()
      this.child.send({ version: SUPERVISOR_PROTOCOL_VERSION, ...message })
    })
  }

  private register(id: number, info: LaunchedSlice, pipes?: readonly Socket[]): RemoteSlice {
    const slice = new RemoteSlice(
      info,
      {
        send: (message) => this.post({ type: 'send', id, message }),
        kill: (reason) => this.post({ type: 'kill', id, reason }),
      },
      pipes,
    )
    this.slices.set(id, slice)
    return slice
  }

  private post(message: ToSupervisorBody): void {
    if (this.gone === undefined && this.child.connected)
      this.child.send({ version: SUPERVISOR_PROTOCOL_VERSION, ...message })
  }

  /**
   * A supervisor that sent a malformed message is not trusted with anything more: what was
   * asked of it fails with the ProtocolError, its slices count as killed, and it is stopped.
   */
  private refuse(error: ProtocolError): void {
    this.died(`sent a malformed message (${error.message})`, error)
    this.child.kill('SIGKILL')
  }

  private receive(message: FromSupervisor, handle?: Socket): void {
    if (message.type === 'warm-pipe') return this.offered.pipe(message.warmId, message.fd, handle)
    if (message.type === 'warm')
      return this.offered.offer(message.warmId, message.key, message.slice)
    if (message.type === 'warm-gone') return this.offered.withdraw(message.warmId)
    if (message.type === 'unclaimed') return this.settle(message.id, message)
    if (message.type === 'ready' || message.type === 'done' || message.type === 'failed') {
      const id = message.type === 'ready' ? 0 : message.id
      this.settle(id, message, message.type === 'failed' ? message.error : undefined)
      return
    }
    if (message.type === 'launched') {
      // Registered now: its output or exit may follow in this same turn, before `launch` resumes.
      const slice = this.register(message.id, message.slice, this.claiming.get(message.id))
      this.launched.set(message.id, slice)
      this.settle(message.id, message)
      return
    }
    const slice = this.slices.get(message.id)
    if (slice === undefined) return
    if (message.type === 'out') slice.receive(message.stream, message.data)
    else if (message.type === 'message') slice.receive('message', message.message)
    else {
      this.slices.delete(message.id)
      slice.receive('exit', message.exit)
      this.updateRef()
    }
  }

  private settle(id: number, message: FromSupervisor, failure?: WireError): void {
    const pending = this.pending.get(id)
    this.pending.delete(id)
    this.updateRef()
    if (failure === undefined) pending?.resolve(message)
    else
      pending?.reject(
        new SandboxError(failure.code as keyof typeof SandboxCodes, failure.message, {
          ...failure.details,
        }),
      )
  }

  private died(why: string, cause?: Error): void {
    if (this.gone !== undefined) return
    this.gone = why
    this.offered.clear()
    for (const { reject } of this.pending.values())
      reject(cause ?? this.error('RUNINK_SANDBOX_SUPERVISOR_DIED', `the slice supervisor ${why}`))
    this.pending.clear()
    for (const slice of this.slices.values())
      slice.receive('exit', {
        exitCode: null,
        signal: 'SIGKILL',
        reason: 'killed',
        message: `was killed: its supervisor ${why}`,
        isolation: slice.isolation,
        durationMs: 0,
      })
    this.slices.clear()
  }

  private error(code: keyof typeof SandboxCodes, message: string): SandboxError {
    return new SandboxError(code, message, {}, true)
  }

  /** Keeps the caller alive only while something is in flight. */
  private updateRef(): void {
    const busy = this.pending.size > 0 || this.slices.size > 0
    const channel = this.child.channel as { ref(): void; unref(): void } | null | undefined
    if (busy) {
      this.child.ref()
      channel?.ref()
    } else {
      this.child.unref()
      channel?.unref()
    }
  }
}
