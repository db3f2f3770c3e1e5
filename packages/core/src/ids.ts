import { v7 } from 'uuid'

/** Produces unique ids; injected so tests can make them deterministic. */
export interface IdGenerator {
  next(): string
}

/** Tells the time; injected so tests control it. */
export interface Clock {
  now(): Date
}

/** UUIDv7 ids: time-ordered, so rows sort by creation. */
export const uuidV7Ids: IdGenerator = { next: () => v7() }

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() }

/** A clock that stands still until moved: for tests. */
export function fixedClock(start: Date): Clock & { advance(ms: number): void } {
  let t = start.getTime()
  return { now: () => new Date(t), advance: (ms) => void (t += ms) }
}

/** True when the text is a UUIDv7 in canonical form. */
export function isUuidV7(text: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(text)
}
