import type { RunEvent, RunResult } from '@runink/engine'

/** What is known of a run when it is submitted, before it has an id. */
export interface RunStart {
  readonly herd: string
  readonly pipeline: string
  readonly planHash: string
  readonly actor: string
}

/** How a run ended: its result, or the error that stopped it before it had one. */
export type RunOutcome = { readonly result: RunResult } | { readonly error: unknown }

/** One run watched: told each of its events, then how it ended. */
export interface RunObservation {
  onEvent(event: RunEvent): void
  end(outcome: RunOutcome): void
}

/**
 * Watches the runs a RunExecutor runs (metrics, traces): called once per submitted run. An
 * observer that throws is ignored: watching a run never changes it.
 */
export type RunObserver = (start: RunStart) => RunObservation

/** One observation feeding every observer, each shielded from the others and from the run. */
export function observeRun(observers: Iterable<RunObserver>, start: RunStart): RunObservation {
  const watching: RunObservation[] = []
  for (const observer of observers)
    try {
      watching.push(observer(start))
    } catch {
      // A broken observer loses its view of this run; the run goes on.
    }
  const each = (call: (o: RunObservation) => void): void => {
    for (const o of watching)
      try {
        call(o)
      } catch {
        // As above: watching never changes the run.
      }
  }
  return {
    onEvent: (event) => each((o) => o.onEvent(event)),
    end: (outcome: RunOutcome) => each((o) => o.end(outcome)),
  }
}
