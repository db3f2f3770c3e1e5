import type { Readable } from 'node:stream'
import type { Isolation, SliceExitReason } from '@runink/core'
import type { SliceLimits } from './slice-limits.js'

/** Why a slice ended (the vocabulary lives in core: the protocol speaks it). */
export { SliceExitReason } from '@runink/core'

/** What to run and with what. Host paths are mounted at the same path inside the sandbox. */
export interface LaunchRequest {
  /** argv; usually `[node, slice-host.js]`. A bare name is looked up on the sandbox's PATH. */
  readonly command: readonly string[]
  /** The whole environment of the slice (nothing is inherited); PATH defaults to the system's. */
  readonly env?: Readonly<Record<string, string>>
  /** Working directory (defaults to the staging directory). */
  readonly cwd?: string
  /** Host paths visible read-only: inputs, code, the runtime. */
  readonly readOnly?: readonly string[]
  /**
   * Paths inside the read-only ones that the slice must not see (the Barn's `.runink/` in a
   * project folder): an empty tmpfs covers each. Paths bound below one stay visible.
   */
  readonly hidden?: readonly string[]
  /** The slice's staging directory, writable. Absent: the launcher creates a fresh one. */
  readonly stagingDir?: string
  /** Grant network access (otherwise a private network namespace with only loopback). */
  readonly network?: boolean
  readonly limits?: Partial<SliceLimits>
  /** Bytes for the slice's stdin (the slice host reads its job there); then stdin is closed. */
  readonly input?: string | Uint8Array
  /** The first message on the slice's channel (fd 3), sent as soon as it starts. */
  readonly initialMessage?: unknown
}

/** How a slice ended, recorded as it actually happened. */
export interface SliceExit {
  readonly exitCode: number | null
  readonly signal: string | null
  readonly reason: SliceExitReason
  /** A sentence for people: `exceeded its memory limit of 256Mi`, `timed out after 2s`. */
  readonly message: string
  readonly isolation: Isolation
  readonly peakMemoryBytes?: number
  readonly durationMs: number
}

/** A running slice. */
export interface SliceHandle {
  readonly id: string
  readonly isolation: Isolation
  /** Where the slice may write; the engine commits from here when the slice succeeds. */
  readonly stagingDir: string
  /** True when a pre-spawned sandbox served the launch. */
  readonly prespawned: boolean
  /** Degradations the caller must surface (no namespaces, no cgroups, …). */
  readonly warnings: readonly string[]
  readonly stdout: Readable
  readonly stderr: Readable
  /** Writes one NDJSON message to the slice's channel (fd 3 inside the slice). */
  send(message: unknown): void
  /** Calls `listener` for each NDJSON message the slice writes on fd 3 (earlier ones replayed). */
  onMessage(listener: (message: unknown) => void): void
  wait(): Promise<SliceExit>
  /** Kills the slice and everything it started; `cancelled` when the run was cancelled. */
  kill(reason?: 'killed' | 'cancelled'): void
}

/**
 * Starts slices; the engine runs every stage through one. One shared test suite covers every
 * implementation.
 */
export interface SliceLauncher {
  /** The isolation this launcher actually provides on this host. */
  readonly isolation: Isolation
  readonly warnings: readonly string[]
  launch(request: LaunchRequest): Promise<SliceHandle>
  /** Stops pre-spawned sandboxes and kills running slices. */
  close(): Promise<void>
}
