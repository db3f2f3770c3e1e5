import { once } from 'node:events'
import type { Socket } from 'node:net'
import { PassThrough } from 'node:stream'
import type { Isolation } from '@runink/core'
import { MAX_BACKLOG, MessageChannel } from './message-channel.js'
import type { SliceExit, SliceHandle } from './slice-launcher.js'
import type { LaunchedSlice } from './supervisor-protocol.js'

/** How long an exit waits for a slice's own pipes to close before it is reported anyway. */
const PIPES_GRACE_MS = 2000

/**
 * The caller's view of a slice its supervisor runs. Output and messages arrive over IPC, or,
 * for a pre-spawned sandbox whose pipes the caller holds, straight from the slice; the exit
 * always comes from the supervisor (and, then, waits for those pipes to close, so no output
 * is missed).
 */
export class RemoteSlice implements SliceHandle {
  readonly id: string
  readonly isolation: Isolation
  readonly stagingDir: string
  readonly prespawned: boolean
  readonly warnings: readonly string[]
  readonly stdout = new PassThrough()
  readonly stderr = new PassThrough()
  private readonly listeners: Array<(message: unknown) => void> = []
  private readonly backlog: unknown[] = []
  private readonly exit: Promise<SliceExit>
  private resolveExit!: (exit: SliceExit) => void
  private readonly channel: MessageChannel | undefined
  private readonly drained: Promise<unknown> | undefined

  constructor(
    info: LaunchedSlice,
    private readonly post: {
      send(message: unknown): void
      kill(reason: 'killed' | 'cancelled'): void
    },
    private readonly pipes?: readonly Socket[],
  ) {
    this.id = info.id
    this.isolation = info.isolation
    this.stagingDir = info.stagingDir
    this.prespawned = info.prespawned
    this.warnings = info.warnings
    this.exit = new Promise((resolve) => (this.resolveExit = resolve))
    const [, out, err, fd3] = pipes ?? []
    if (out === undefined || err === undefined || fd3 === undefined) return
    out.on('data', (data: Buffer) => this.stdout.write(data))
    err.on('data', (data: Buffer) => this.stderr.write(data))
    this.channel = new MessageChannel(fd3, fd3)
    this.channel.onMessage((message) => this.deliver(message))
    // A pipe that fails counts as closed (`once` rejects on 'error').
    this.drained = Promise.all(
      [out, err, fd3].map((pipe) => once(pipe, 'close').catch(() => undefined)),
    )
  }

  /** Writes one NDJSON message to the slice's fd 3. */
  send(message: unknown): void {
    if (this.channel === undefined) this.post.send(message)
    else this.channel.send(message)
  }

  /** Receives the slice's NDJSON messages (earlier ones replayed to the first listener). */
  onMessage(listener: (message: unknown) => void): void {
    this.listeners.push(listener)
    if (this.listeners.length === 1) for (const m of this.backlog.splice(0)) listener(m)
  }

  /** Resolves when the slice has ended. */
  wait(): Promise<SliceExit> {
    return this.exit
  }

  /** Kills the slice and everything it started. */
  kill(reason: 'killed' | 'cancelled' = 'killed'): void {
    this.post.kill(reason)
  }

  /** Delivers what the supervisor relayed. */
  receive(event: 'stdout' | 'stderr' | 'message' | 'exit', payload: unknown): void {
    if (event === 'stdout') this.stdout.write(payload as Uint8Array)
    else if (event === 'stderr') this.stderr.write(payload as Uint8Array)
    else if (event === 'message') this.deliver(payload)
    else void this.ended(payload as SliceExit)
  }

  private deliver(message: unknown): void {
    // Bounded: a slice may send without end to a caller that never listens.
    if (this.listeners.length === 0 && this.backlog.length < MAX_BACKLOG) this.backlog.push(message)
    for (const listener of this.listeners) listener(message)
  }

  private async ended(exit: SliceExit): Promise<void> {
    if (this.drained !== undefined) {
      let timer: NodeJS.Timeout | undefined
      const grace = new Promise((resolve) => (timer = setTimeout(resolve, PIPES_GRACE_MS)))
      await Promise.race([this.drained, grace])
      clearTimeout(timer)
      for (const pipe of this.pipes ?? []) pipe.destroy()
    }
    this.stdout.end()
    this.stderr.end()
    this.resolveExit(exit)
  }
}
