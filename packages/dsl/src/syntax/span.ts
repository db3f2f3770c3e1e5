/** A half-open range of UTF-16 offsets into a source text. */
export interface Span {
  readonly start: number
  readonly end: number
}

/** A span from `start` to `end`. */
export const span = (start: number, end: number): Span => ({ start, end })

/** The smallest span covering both. */
export const cover = (a: Span, b: Span): Span => ({
  start: Math.min(a.start, b.start),
  end: Math.max(a.end, b.end),
})
