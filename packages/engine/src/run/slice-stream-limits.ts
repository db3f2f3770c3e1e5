/**
 * How much the host reads from one slice. A slice is hostile: it may write without end on
 * any stream, so every stream has a bound and the host's work per chunk is O(chunk).
 */
export interface SliceStreamLimits {
  /** stdout carries only the result line: more bytes than this fail the slice. */
  readonly resultBytes: number
  /**
   * Bytes of log kept from stderr (a cut line counts what is kept of it); past it the rest is
   * dropped with one notice line, and the slice goes on.
   */
  readonly stderrBytes: number
  /** One stderr line longer than this is cut, with a marker saying how long it was. */
  readonly lineBytes: number
  /** Log rows stored in the Barn per slice; past it one notice row, the rest dropped. */
  readonly logRows: number
}

/** The defaults: 1 MiB of result, 16 MiB of logs, 64 KiB lines, 10 000 log rows per slice. */
export const SLICE_STREAM_LIMITS: SliceStreamLimits = {
  resultBytes: 1024 * 1024,
  stderrBytes: 16 * 1024 * 1024,
  lineBytes: 64 * 1024,
  logRows: 10_000,
}
