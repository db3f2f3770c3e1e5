import {
  decideRun,
  type GraphNode,
  type NodeState,
  type RunEnd,
  type SkipReason,
  type StageEnd,
} from '@runink/lifecycle'

export type { GraphNode } from '@runink/lifecycle'

/**
 * Drives a run's stage graph by the pure lifecycle (`decideRun`): each stage as soon as its
 * dependencies succeeded, at most `concurrency` at a time; a failed stage's dependents
 * (transitively) are skipped while independent branches go on; after `signal` aborts, nothing
 * new starts. Returns how the run ended.
 */
export async function runGraph(
  nodes: readonly GraphNode[],
  options: { concurrency: number; signal?: AbortSignal },
  run: (id: string) => Promise<StageEnd>,
  skip: (id: string, because: SkipReason) => Promise<void>,
): Promise<RunEnd> {
  const states = new Map<string, NodeState>()
  const running = new Set<Promise<void>>()
  for (;;) {
    const cancelled = options.signal?.aborted ?? false
    const decision = decideRun(nodes, states, { concurrency: options.concurrency, cancelled })
    for (const { id, because } of decision.skip) {
      states.set(id, 'skipped')
      await skip(id, because)
    }
    for (const id of decision.start) {
      states.set(id, 'running')
      const p: Promise<void> = run(id)
        .then(
          (end) => void states.set(id, end),
          () => void states.set(id, 'failed'),
        )
        .finally(() => running.delete(p))
      running.add(p)
    }
    if (decision.finished) return decision.finished
    if (decision.skip.length === 0 && decision.start.length === 0) await Promise.race(running)
  }
}
