import { RuninkError } from '@runink/core'
import { LifecycleCodes } from './lifecycle-codes.js'
import type { StageEnd } from './stage-state.js'

/** A stage of the run's graph: its id and the stages it reads from. */
export interface GraphNode {
  readonly id: string
  readonly dependsOn: readonly string[]
}

/** Where each stage of a run is, as the run sees it. */
export type NodeState = 'waiting' | 'running' | StageEnd

/** Why a stage is skipped: the upstream stage that did not succeed, or the run's cancelling. */
export type SkipReason = { readonly upstream: string } | { readonly cancelled: true }

/** How a run ends. */
export type RunEnd = 'succeeded' | 'failed' | 'cancelled'

/** What to do next in a run. */
export interface RunDecision {
  /** Stages to skip now (transitively: a skipped stage's dependents too), in graph order. */
  readonly skip: ReadonlyArray<{ readonly id: string; readonly because: SkipReason }>
  /** Stages to start now: every dependency succeeded (or was cached), within the concurrency. */
  readonly start: readonly string[]
  /** Set once no stage waits or runs: how the run ended. */
  readonly finished?: RunEnd
}

/** What decides a run's course besides its stages' states. */
export interface RunPolicy {
  /** Most stages running at once (at least 1). */
  readonly concurrency: number
  /** The run was cancelled: nothing new starts and waiting stages are skipped. */
  readonly cancelled: boolean
}

const DONE: ReadonlySet<NodeState> = new Set(['succeeded', 'cached'])
const BLOCKING: ReadonlySet<NodeState> = new Set(['failed', 'skipped', 'cancelled'])

/**
 * The run lifecycle: which stages start, which are skipped, and whether the run is over.
 * A stage starts once every dependency in the graph succeeded or was cached (a dependency
 * outside the graph counts as met); one whose dependency failed, was skipped or cancelled is
 * skipped, as is every waiting stage once the run is cancelled. The run succeeds when every
 * stage succeeded or was cached, is cancelled when cancelled, and fails otherwise. Pure.
 */
export function decideRun(
  nodes: readonly GraphNode[],
  states: ReadonlyMap<string, NodeState>,
  policy: RunPolicy,
): RunDecision {
  const known = new Set(nodes.map((n) => n.id))
  const now = new Map(nodes.map((n) => [n.id, states.get(n.id) ?? 'waiting']))
  const skip: Array<{ id: string; because: SkipReason }> = []
  // A fixpoint: skipping a stage may block its dependents, wherever they are in the list.
  for (let changed = true; changed;) {
    changed = false
    for (const node of nodes) {
      if (now.get(node.id) !== 'waiting') continue
      const blocked = node.dependsOn.find((d) => BLOCKING.has(now.get(d) ?? 'waiting'))
      if (!policy.cancelled && blocked === undefined) continue
      skip.push({
        id: node.id,
        because: policy.cancelled ? { cancelled: true } : { upstream: blocked! },
      })
      now.set(node.id, 'skipped')
      changed = true
    }
  }
  let free =
    Math.max(1, policy.concurrency) - [...now.values()].filter((s) => s === 'running').length
  const start: string[] = []
  for (const node of nodes) {
    if (free <= 0) break
    if (now.get(node.id) !== 'waiting') continue
    if (!node.dependsOn.every((d) => !known.has(d) || DONE.has(now.get(d)!))) continue
    start.push(node.id)
    now.set(node.id, 'running')
    free--
  }
  const open = [...now.values()].some((s) => s === 'waiting' || s === 'running')
  if (open && ![...now.values()].includes('running'))
    throw new RuninkError(
      LifecycleCodes.RUNINK_LIFECYCLE_STUCK,
      `stages ${nodes
        .filter((n) => now.get(n.id) === 'waiting')
        .map((n) => n.id)
        .join(', ')} wait on each other`,
    )
  if (open) return { skip, start }
  const finished: RunEnd = policy.cancelled
    ? 'cancelled'
    : [...now.values()].every((s) => DONE.has(s))
      ? 'succeeded'
      : 'failed'
  return { skip, start, finished }
}
