import type { Contract } from '@runink/contracts'
import type { ValidationMode } from '@runink/core'
import type { CsvOptions, FileFormat } from '../connectors/index.js'
import type { RunnableStep } from '../run/runnable-stage.js'
import type { DeadLetter } from './dead-letter-envelope.js'
import type { InvalidReason } from './invalid-reasons.js'

/** One input of a slice: a file to stream, how to read it and which contract it claims. */
export interface SliceSource {
  readonly uri: string
  readonly path: string
  readonly format: FileFormat
  readonly mode: ValidationMode
  /** Its table name for a `sql` step over several sources (default: from the URI). */
  readonly table?: string
  /** `delimiter=` / `null=` of a CSV source. */
  readonly csv?: CsvOptions
  /** The contract its records are read (coerced) and checked against, when it names one. */
  readonly contract?: Contract
}

/** A step as the slice runs it: module paths absolute, exec steps with their folder. */
export type SliceStep =
  | Exclude<RunnableStep, { readonly kind: 'exec' }>
  | (Extract<RunnableStep, { readonly kind: 'exec' }> & { readonly cwd: string })

/** One output of a slice: records selected by `when` (or the valid ones), written to staging. */
export interface SliceSink {
  readonly uri: string
  /** Where the slice writes; the engine commits it to its target only when the slice succeeds. */
  readonly stagingPath: string
  readonly format: FileFormat
  /** CEL over `record` (with `record.valid` and `record.errors`); absent → valid records only. */
  readonly when?: string
  /** Write the view of this role (fields whose `access` it lacks are dropped). */
  readonly role?: string
}

/**
 * Everything a slice needs, self-contained and JSON-serialisable: it crosses the process
 * boundary into the sandbox.
 */
export interface SliceJob {
  readonly runId: string
  readonly stageId: string
  readonly sliceIndex: number
  readonly attempt: number
  readonly sources: readonly SliceSource[]
  readonly steps: readonly SliceStep[]
  /** The stage's output contract: every record is validated against it before routing. */
  readonly contract: Contract
  /** When set, source records are validated (and coerced) against it before the steps. */
  readonly inputContract?: Contract
  readonly sinks: readonly SliceSink[]
  readonly params: Readonly<Record<string, string>>
  /** Key for `mask: hash` (per herd). */
  readonly maskKey: string
  /** Data-parallel split: this slice keeps records whose key hashes to `index` of `n`. */
  readonly partition?: { readonly by?: string; readonly n: number; readonly index: number }
  /** How many invalid records to describe when the stage fails for unrouted invalid records. */
  readonly reportInvalid?: number
}

/** What one sink received. */
export interface SinkReport {
  readonly uri: string
  readonly stagingPath: string
  readonly records: number
  readonly bytes: number
}

/**
 * A slice's record counts. They reconcile: `recordsIn + added = valid + invalid + filtered`.
 * `recordsIn` counts the records read (this slice's partition of them); `filtered` those steps
 * dropped (`filter`, `dedupe`, a step returning nothing, a `sql` step or a stream or exec
 * step that returned fewer than it read) and `added` those steps made beyond what they read
 * (a step returning several records for one, a step returning more than it read); `valid` and
 * `invalid` are decided at the stage's checks (source, before `mask`, output).
 */
export interface SliceCounts {
  readonly recordsIn: number
  /** Valid records taken by at least one sink; dead-letter writes never count. */
  readonly recordsOut: number
  readonly valid: number
  readonly invalid: number
  readonly filtered: number
  readonly added: number
  /** Invalid records that no sink took; non-zero fails the stage. */
  readonly unrouted: number
}

/** What a slice tells about its invalid records: why, and the first few of them. */
export interface SliceEvidence {
  /** The most frequent reasons records were invalid, with how many each rejected. */
  readonly reasons: readonly InvalidReason[]
  /** The first invalid records (routed or not), as their dead-letter envelopes. */
  readonly sample: readonly DeadLetter[]
  /** The first invalid records that no sink took. */
  readonly firstInvalid: readonly DeadLetter[]
  /** Counters steps reported with `ctx.count(name)`. */
  readonly metrics: Readonly<Record<string, number>>
}

/** Outcome of a slice: counts per stage boundary and per sink. */
export interface SliceReport extends SliceCounts, SliceEvidence {
  readonly sinks: readonly SinkReport[]
  readonly durationMs: number
}

/** What a failed slice reports besides its error: its counts and evidence so far. */
export type SliceFailureReport = SliceCounts & SliceEvidence
