import type { DataRecord } from '../connectors/index.js'

const POSITION = Symbol('runink.position')

/** Largest position kept (2^40 records per source); the source index sits above it. */
export const POSITION_SPAN = 2 ** 40

/** Where a record was read: which of the slice's sources, and its 1-based number in it. */
export interface RecordPosition {
  /** Index of the source in the slice's job. */
  readonly source: number
  /** 1-based: the n-th record of the source file, as `runi contract validate` counts them. */
  readonly n: number
}

/**
 * Marks a record with where it was read. The mark is an own symbol property: invisible to
 * JSON, `Object.keys` and the sinks, but copied by `{ ...record }`, so a step that returns an
 * edited copy keeps its record's number. One number per record (no object per record).
 */
export function setPosition(record: DataRecord, at: RecordPosition | number): void {
  ;(record as { [POSITION]?: number })[POSITION] =
    typeof at === 'number' ? at : at.source * POSITION_SPAN + at.n
}

/** The encoded position of a record (see {@link setPosition}), when it has one. */
export function encodedPosition(record: DataRecord): number | undefined {
  return (record as { [POSITION]?: number })[POSITION]
}

/** Where a record was read, when it still carries its mark (steps that build new records lose it). */
export function positionOf(record: DataRecord): RecordPosition | undefined {
  const v = encodedPosition(record)
  return v === undefined ? undefined : decodePosition(v)
}

/** A position from its encoded number (see {@link setPosition}). */
export function decodePosition(v: number): RecordPosition {
  return { source: Math.floor(v / POSITION_SPAN), n: v % POSITION_SPAN }
}

/**
 * Gives `to` the position of `from` (when `from` has one and `to` has none). What a step
 * returned is left alone when it cannot take the mark (not an object, frozen): the router
 * judges it as it is.
 */
export function keepPosition(from: DataRecord, to: unknown): void {
  if (typeof to !== 'object' || to === null || to === from || !Object.isExtensible(to)) return
  const v = encodedPosition(from)
  if (v !== undefined && encodedPosition(to as DataRecord) === undefined)
    setPosition(to as DataRecord, v)
}

/** A source URI as people name the file: `csv://data/trades.csv` → `data/trades.csv`. */
export function sourceLabel(uri: string): string {
  const m = /^(csv|tsv|jsonl|ndjson|json|parquet|file):\/\/(.*)$/.exec(uri)
  return m ? m[2]! : uri
}

/**
 * Names records by where they were read, for messages: `record 1234 of data/trades.csv`. A
 * record a step built (sql, exec, a stream step's new object) has no input position: it is
 * named as such.
 */
export function recordNamer(sourceUris: readonly string[]): (record: DataRecord) => string {
  return (record) => {
    const at = positionOf(record)
    if (at === undefined) return 'a record made by a step (no input position)'
    return `record ${at.n} of ${sourceLabel(sourceUris[at.source] ?? `source ${at.source + 1}`)}`
  }
}
