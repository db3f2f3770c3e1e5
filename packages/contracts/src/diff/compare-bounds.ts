import type { Scalar } from '../model/index.js'

/** Epoch ms of a date or timestamp bound; a zoneless time is UTC. NaN when it is not one. */
function epochOf(text: string): number {
  const iso = text.replace(' ', 'T')
  const zoned = !iso.includes('T') || /(?:Z|[+-]\d{2}:?\d{2})$/i.test(iso)
  return Date.parse(zoned ? iso : `${iso}Z`)
}

/**
 * Orders two `min`/`max` bounds: numbers numerically, dates and timestamps by instant.
 * Undefined when they cannot be ordered (a number against a date after a type change).
 */
export function compareBounds(a: Scalar, b: Scalar): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a !== 'string' || typeof b !== 'string') return undefined
  const d = epochOf(a) - epochOf(b)
  return Number.isNaN(d) ? undefined : d
}
