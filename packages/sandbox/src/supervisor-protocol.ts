import type { Isolation } from '@runink/core'
import type { LocalLauncherOptions } from './local-launcher.js'
import type { SandboxBackend } from './sandbox-backend.js'
import type { LaunchRequest, SliceExit } from './slice-launcher.js'

/** Messages from the caller to its supervisor process (Node IPC, structured clone). */
export type ToSupervisor =
  | { readonly t: 'init'; readonly options: LocalLauncherOptions }
  | { readonly t: 'launch'; readonly id: number; readonly request: LaunchRequest }
  | {
      readonly t: 'prespawn'
      readonly id: number
      readonly template: LaunchRequest
      readonly count: number
    }
  /** Launch with a pre-spawned sandbox whose pipes the caller holds (see `warm`). */
  | { readonly t: 'claim'; readonly id: number; readonly warmId: number }
  | { readonly t: 'send'; readonly id: number; readonly message: unknown }
  | { readonly t: 'kill'; readonly id: number; readonly reason: 'killed' | 'cancelled' }
  | { readonly t: 'close'; readonly id: number }

/** What the caller learns about a launched slice. */
export interface LaunchedSlice {
  readonly id: string
  readonly isolation: Isolation
  readonly stagingDir: string
  readonly prespawned: boolean
  readonly warnings: readonly string[]
}

/** A failure, as plain data. */
export interface WireError {
  readonly code: string
  readonly message: string
  readonly details: Readonly<Record<string, unknown>>
}

/** Messages from the supervisor process to its caller. */
export type FromSupervisor =
  | {
      readonly t: 'ready'
      readonly isolation: Isolation
      readonly backend: SandboxBackend
      readonly warnings: readonly string[]
    }
  | { readonly t: 'launched'; readonly id: number; readonly slice: LaunchedSlice }
  /**
   * One pipe of a pre-spawned sandbox (fd 0 to 3), its handle sent with the message: the caller
   * writes the job and reads the output itself, so a launch crosses no process in between.
   */
  | { readonly t: 'warm-pipe'; readonly warmId: number; readonly fd: number }
  /** A pre-spawned sandbox is ready for launches whose pool key is `key` (after its pipes). */
  | {
      readonly t: 'warm'
      readonly warmId: number
      readonly key: string
      readonly slice: LaunchedSlice
    }
  /** A pre-spawned sandbox died before it was claimed. */
  | { readonly t: 'warm-gone'; readonly warmId: number }
  /** The claimed sandbox was gone: launch another way. */
  | { readonly t: 'unclaimed'; readonly id: number }
  | { readonly t: 'failed'; readonly id: number; readonly error: WireError }
  | {
      readonly t: 'out'
      readonly id: number
      readonly stream: 'stdout' | 'stderr'
      readonly data: Uint8Array
    }
  | { readonly t: 'message'; readonly id: number; readonly message: unknown }
  | { readonly t: 'exit'; readonly id: number; readonly exit: SliceExit }
  | { readonly t: 'done'; readonly id: number }
