import type { RunnableStage } from './runnable-stage.js'

/**
 * The stage's steps its herd grants network egress to. Built-in steps never get the network
 * (DuckDB's `sql` runs with network access off), so a grant names a TypeScript or exec step.
 * The stage's steps share one process: a grant to one of them gives its whole slice the network.
 */
export function egressSteps(stage: RunnableStage, egress: ReadonlySet<string>): string[] {
  return [
    ...new Set(
      stage.steps.filter((s) => s.kind !== 'builtin' && egress.has(s.name)).map((s) => s.name),
    ),
  ]
}
