/** A node of the stage graph. */
export interface GraphNode {
  readonly id: string
  readonly dependsOn: readonly string[]
}

/**
 * Runs a DAG of stages, each as soon as its dependencies succeeded, at most `concurrency` at a
 * time. A failed stage's dependents (transitively) are skipped; independent branches go on.
 * After `signal` aborts, nothing new starts.
 */
export async function runGraph(
  nodes: readonly GraphNode[],
  options: { concurrency: number; signal?: AbortSignal },
  run: (id: string) => Promise<boolean>,
  skip: (id: string, because: string) => Promise<void>,
): Promise<void> {
  const state = new Map<string, 'waiting' | 'running' | 'ok' | 'failed' | 'skipped'>(
    nodes.map((n) => [n.id, 'waiting']),
  )
  const running = new Set<Promise<void>>()
  const byId = new Map(nodes.map((n) => [n.id, n]))
  for (;;) {
    let progressed = true
    while (progressed) {
      progressed = false
      for (const node of nodes) {
        if (state.get(node.id) !== 'waiting') continue
        const failedDep = node.dependsOn.find(
          (d) => state.get(d) === 'failed' || state.get(d) === 'skipped',
        )
        if (failedDep !== undefined || options.signal?.aborted) {
          state.set(node.id, 'skipped')
          await skip(node.id, options.signal?.aborted ? 'cancelled' : failedDep!)
          progressed = true
          continue
        }
        if (running.size >= options.concurrency) continue
        if (!node.dependsOn.every((d) => state.get(d) === 'ok' || !byId.has(d))) continue
        state.set(node.id, 'running')
        const p: Promise<void> = run(node.id)
          .then((ok) => void state.set(node.id, ok ? 'ok' : 'failed'))
          .catch(() => void state.set(node.id, 'failed'))
          .finally(() => running.delete(p))
        running.add(p)
        progressed = true
      }
    }
    if (running.size === 0) return
    await Promise.race(running)
  }
}
