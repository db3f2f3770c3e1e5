import { PassThrough } from 'node:stream'
import type { Isolation } from '@runink/core'
import type { SliceExit, SliceHandle } from './slice-launcher.js'
import type { LaunchedSlice } from './supervisor-protocol.js'

/** The caller's view of a slice its supervisor runs: output and messages arrive over IPC. */
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

  constructor(
    info: LaunchedSlice,
    private readonly post: {
      send(message: unknown): void
      kill(reason: 'killed' | 'cancelled'): void
    },
  ) {
    this.id = info.id
    this.isolation = info.isolation
    this.stagingDir = info.stagingDir
    this.prespawned = info.prespawned
    this.warnings = info.warnings
    this.exit = new Promise((resolve) => (this.resolveExit = resolve))
  }

  /** Writes one NDJSON message to the slice's fd 3. */
  send(message: unknown): void {
    this.post.send(message)
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
    else if (event === 'message') {
      if (this.listeners.length === 0) this.backlog.push(payload)
      for (const listener of this.listeners) listener(payload)
    } else {
      this.stdout.end()
      this.stderr.end()
      this.resolveExit(payload as SliceExit)
    }
  }
}
