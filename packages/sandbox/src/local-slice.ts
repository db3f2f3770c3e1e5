import { spawn, type ChildProcess } from 'node:child_process'
import type { Socket } from 'node:net'
import type { Readable, Writable } from 'node:stream'
import { namespaced, type Isolation } from '@runink/core'
import { DiskWatch, type DiskExcess } from './disk-watch.js'
import { explainExit } from './explain-exit.js'
import { MessageChannel } from './message-channel.js'
import type { SliceCgroup } from './slice-cgroup.js'
import type { SliceExit, SliceHandle } from './slice-launcher.js'
import type { SliceLimits } from './slice-limits.js'

/** Everything needed to start one slice process on this host. */
export interface SpawnSpec {
  readonly id: string
  readonly argv: readonly string[]
  readonly env: Readonly<Record<string, string>>
  readonly hostCwd: string
  readonly isolation: Isolation
  readonly warnings: readonly string[]
  readonly stagingDir: string
  readonly limits: SliceLimits
  readonly cgroup?: SliceCgroup
  readonly prespawned: boolean
  /**
   * A seed shell already in the slice's cgroup (see CgroupSeeds) and the line that makes it the
   * slice (its env, directory and argv travel in the line and its script, see seedCommand):
   * used instead of spawning `argv`.
   */
  readonly seed?: { readonly child: ChildProcess; readonly line: string }
}

/**
 * A slice process started by this process. It may start dormant (pre-spawned, blocked on its
 * channel); its clock and timeout start when {@link LocalSlice.activate} hands it a job.
 */
export class LocalSlice implements SliceHandle {
  readonly id: string
  readonly isolation: Isolation
  readonly stagingDir: string
  readonly prespawned: boolean
  /** Started from a seed already in its cgroup (see CgroupSeeds), not spawned afresh. */
  readonly seeded: boolean
  readonly warnings: readonly string[]
  readonly stdout: Readable
  readonly stderr: Readable
  private readonly child: ChildProcess
  private readonly channel: MessageChannel
  private readonly exit: Promise<SliceExit>
  private startedAt = performance.now()
  private timer: NodeJS.Timeout | undefined
  private timedOut = false
  private disk: DiskWatch | undefined
  private diskExceeded: DiskExcess | undefined
  private requested: 'killed' | 'cancelled' | undefined
  private exited = false
  private handedOver = false

  constructor(private readonly spec: SpawnSpec) {
    this.id = spec.id
    this.isolation = spec.isolation
    this.stagingDir = spec.stagingDir
    this.prespawned = spec.prespawned
    this.seeded = spec.seed !== undefined
    this.warnings = spec.warnings
    this.child = spec.seed?.child ?? spawnSlice(spec)
    if (spec.seed !== undefined) {
      this.child.stdin?.on('error', () => undefined)
      this.child.stdin?.write(`${spec.seed.line}\n`)
    }
    this.stdout = this.child.stdout as Readable
    this.stderr = this.child.stderr as Readable
    const fd3 = this.child.stdio[3] as (Readable & Writable) | null
    this.channel = new MessageChannel(fd3, fd3)
    this.exit = this.watch()
  }

  /** True once the process has ended (a dormant sandbox that died cannot be handed out). */
  get hasExited(): boolean {
    return this.exited
  }

  /** Starts the slice's clock and timeout, writes its stdin and sends its first message. */
  activate(input?: string | Uint8Array, initialMessage?: unknown): void {
    const stdin = this.child.stdin
    stdin?.on('error', () => undefined)
    stdin?.end(input ?? '')
    if (initialMessage !== undefined) this.send(initialMessage)
    this.startClock()
  }

  /** Starts the slice's clock and timeout only: whoever holds its pipes writes its job. */
  startClock(): void {
    this.startedAt = performance.now()
    this.timer = setTimeout(() => {
      this.timedOut = true
      this.killTree()
    }, this.spec.limits.timeoutMs)
    if (this.exited) return
    this.disk = new DiskWatch(this.stagingDir, this.spec.limits.diskBytes, (excess) => {
      this.diskExceeded = excess
      this.killTree()
    })
    this.disk.start()
  }

  /**
   * stdin, stdout, stderr and the fd 3 channel, to send to another process (see Supervisor),
   * which then owns them: this process no longer reads or writes them, and the slice counts as
   * ended when its process exits.
   */
  handOverPipes(): [Socket, Socket, Socket, Socket] {
    this.handedOver = true
    return this.child.stdio.slice(0, 4) as [Socket, Socket, Socket, Socket]
  }

  /** Writes one NDJSON message to the slice's fd 3. */
  send(message: unknown): void {
    this.channel.send(message)
  }

  /** Receives the slice's NDJSON messages from its fd 3. */
  onMessage(listener: (message: unknown) => void): void {
    this.channel.onMessage(listener)
  }

  /** Resolves when the slice has ended and its cgroup is gone. */
  wait(): Promise<SliceExit> {
    return this.exit
  }

  /** Kills the slice and everything it started. */
  kill(reason: 'killed' | 'cancelled' = 'killed'): void {
    if (this.exited) return
    this.requested ??= reason
    this.killTree()
  }

  private killTree(): void {
    this.spec.cgroup?.killAll()
    const pid = this.child.pid
    if (pid === undefined) return
    try {
      process.kill(-pid, 'SIGKILL')
    } catch {
      this.child.kill('SIGKILL')
    }
  }

  private async watch(): Promise<SliceExit> {
    const ended = await new Promise<{ code: number | null; signal: string | null; error?: string }>(
      (resolve) => {
        this.child.once('error', (error) =>
          resolve({ code: null, signal: null, error: error.message }),
        )
        this.child.once('close', (code, signal) => resolve({ code, signal }))
        // Pipes sent away never close here, so 'close' would not come: the exit is the end.
        this.child.once('exit', (code, signal) => {
          if (this.handedOver) resolve({ code, signal })
        })
      },
    )
    this.exited = true
    clearTimeout(this.timer)
    this.disk?.stop()
    const durationMs = performance.now() - this.startedAt
    const cgroup = this.spec.cgroup
    // Whatever the slice left behind (a daemonised child without a PID namespace) dies with it.
    // A sandboxed slice has a PID namespace: the kernel ended the rest of it when its first
    // process ended, and remove() kills whatever a cgroup still holds before removing it.
    if (!namespaced(this.isolation)) this.killTree()
    const outcome = cgroup?.outcome()
    await cgroup?.remove().catch(() => undefined)
    // Nothing of the slice writes any more: what it left counts too (see DiskWatch.last).
    if (this.diskExceeded === undefined && this.disk !== undefined)
      this.diskExceeded = await this.disk.last()
    const { reason, message } = explainExit({
      exitCode: ended.code,
      signal: ended.signal,
      ...(this.requested === undefined ? {} : { requested: this.requested }),
      timedOut: this.timedOut,
      ...(this.diskExceeded === undefined ? {} : { diskExceeded: this.diskExceeded }),
      ...(outcome === undefined ? {} : { cgroup: outcome }),
      limits: this.spec.limits,
      ...(ended.error === undefined ? {} : { spawnError: ended.error }),
    })
    return {
      exitCode: ended.code,
      signal: ended.signal,
      reason,
      message,
      isolation: this.isolation,
      ...(outcome?.peakMemoryBytes === undefined
        ? {}
        : { peakMemoryBytes: outcome.peakMemoryBytes }),
      durationMs,
    }
  }
}

function spawnSlice(spec: SpawnSpec): ChildProcess {
  const [file = '', ...args] = spec.argv
  // A process group of its own, so a slice without a PID namespace can be killed whole.
  return spawn(file, args, {
    env: spec.env,
    cwd: spec.hostCwd,
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    detached: true,
  })
}
