import type { LoadedContract } from '@runink/contracts'
import type { RetryPolicy } from '@runink/lifecycle'
import type { CsvOptions } from '../connectors/index.js'

export type { RetryPolicy } from '@runink/lifecycle'

/** Resource limits of each slice of a stage. */
export interface StageResources {
  readonly cpuMillis?: number
  readonly memoryBytes?: number
  /** Most bytes each slice may hold in its staging folder (`@requires(disk=…)`). */
  readonly diskBytes?: number
  readonly timeoutMs?: number
  readonly gpu?: number
}

/** A step of a stage, before its module paths are resolved for a slice. */
export type RunnableStep =
  | {
      readonly kind: 'builtin'
      readonly name: string
      readonly params: Readonly<Record<string, unknown>>
    }
  | {
      readonly kind: 'module'
      readonly name: string
      /** Absolute path of the TypeScript or JavaScript module exporting the step. */
      readonly module: string
      readonly params: Readonly<Record<string, unknown>>
    }
  | {
      readonly kind: 'exec'
      readonly name: string
      readonly command: string
      readonly params: Readonly<Record<string, unknown>>
    }

/**
 * A stage as the engine runs it: what the compiler's plan says, with contracts loaded and
 * paths absolute. Built from a plan by `stagesFromPlan`.
 */
export interface RunnableStage {
  readonly id: string
  readonly name: string
  /** Hash of the stage's plan node: part of its cache key. */
  readonly nodeHash: string
  readonly dependsOn: readonly string[]
  readonly sources: ReadonlyArray<{
    readonly uri: string
    readonly mode?: 'strict' | 'coerce'
    readonly table?: string
    /** `delimiter=` / `null=` of a CSV source. */
    readonly csv?: CsvOptions
    /** The contract this source's records are read and checked against (`contract=`). */
    readonly contract?: LoadedContract
  }>
  readonly steps: readonly RunnableStep[]
  readonly sinks: ReadonlyArray<{
    readonly uri: string
    readonly when?: string
    readonly role?: string
    /** The sink can receive invalid records (a dead-letter sink). */
    readonly acceptsInvalid?: boolean
  }>
  /** The output contract every record is validated against. */
  readonly contract: LoadedContract
  /** The first step's declared input contract, if any: sources are checked against it. */
  readonly inputContract?: LoadedContract
  readonly resources: StageResources
  readonly retry: RetryPolicy
  readonly cache: boolean
  readonly asserts: readonly string[]
  /** `@empty("allow")`: reading records and writing none is not a failure. */
  readonly allowEmpty?: boolean
  /** Data-parallel slices: records split by key hash (or round robin without `by`). */
  readonly partition?: { readonly by?: string; readonly n: number }
  /** sha256 of each step module's source, by module path. */
  readonly stepCodeHashes: Readonly<Record<string, string>>
}
