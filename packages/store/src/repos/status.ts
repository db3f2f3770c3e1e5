import { RuninkError } from '@runink/core'
import { StoreErrors } from '../errors.js'

/** Lifecycle of runs, stage runs and slices. */
export const RunStatus = {
  queued: 'queued',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
  abandoned: 'abandoned',
  /** Stage runs only: outputs reused from the cache. */
  cached: 'cached',
  /** Stage runs only: not run because an upstream stage failed. */
  skipped: 'skipped',
} as const
export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus]

const NEXT: Readonly<Record<RunStatus, readonly RunStatus[]>> = {
  queued: ['running', 'cancelled', 'failed', 'abandoned', 'cached', 'skipped'],
  running: ['succeeded', 'failed', 'cancelled', 'abandoned'],
  succeeded: [],
  failed: [],
  cancelled: [],
  abandoned: [],
  cached: [],
  skipped: [],
}

/** Statuses that end a lifecycle. */
export const TERMINAL: readonly RunStatus[] = [
  'succeeded',
  'failed',
  'cancelled',
  'abandoned',
  'cached',
  'skipped',
]

/** True when status is terminal. */
export function isTerminal(status: string): boolean {
  return (TERMINAL as readonly string[]).includes(status)
}

/** Throws unless `from → to` is a legal transition. */
export function checkTransition(what: string, id: string, from: string, to: RunStatus): void {
  if (!(NEXT[from as RunStatus] ?? []).includes(to)) {
    throw new RuninkError(
      StoreErrors.RUNINK_STORE_BAD_TRANSITION,
      `${what} ${id} cannot go from ${from} to ${to}`,
      { details: { id, from, to } },
    )
  }
}

/** The statuses from which `to` may be reached (empty for `queued`, where everything starts). */
export function sourcesOf(to: RunStatus): RunStatus[] {
  return (Object.keys(NEXT) as RunStatus[]).filter((from) => NEXT[from].includes(to))
}
