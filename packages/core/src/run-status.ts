/**
 * The one lifecycle vocabulary of runs, stage runs and slices, and its transition table. The
 * store enforces it on every write; the lifecycle decides by it; the protocol speaks it.
 */
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

/** The legal moves: everything starts `queued`; terminal statuses go nowhere. */
export const RUN_STATUS_NEXT: Readonly<Record<RunStatus, readonly RunStatus[]>> = {
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
export const TERMINAL_STATUSES: readonly RunStatus[] = [
  'succeeded',
  'failed',
  'cancelled',
  'abandoned',
  'cached',
  'skipped',
]

/** True when status is terminal. */
export function isTerminal(status: string): boolean {
  return (TERMINAL_STATUSES as readonly string[]).includes(status)
}

/** True when `from → to` is a legal transition. */
export function canTransition(from: string, to: RunStatus): boolean {
  return (RUN_STATUS_NEXT[from as RunStatus] ?? []).includes(to)
}

/** The statuses from which `to` may be reached (empty for `queued`, where everything starts). */
export function sourcesOf(to: RunStatus): RunStatus[] {
  return (Object.keys(RUN_STATUS_NEXT) as RunStatus[]).filter((from) =>
    RUN_STATUS_NEXT[from].includes(to),
  )
}
