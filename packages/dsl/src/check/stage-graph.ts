import { didYouMean } from '@runink/core'
import type { Reporter } from '../diagnostics/reporter.js'
import type { PlanEdge } from '../plan/plan.js'
import { FILE_SCHEMES, type ParsedUri } from './parse-uri.js'
import { normalizeRelative } from './relative-path.js'
import type { Named, StageDraft } from './stage-draft.js'

/** The key two URIs share when one stage writes what another reads. */
function dataKey(uri: ParsedUri, direction: 'source' | 'sink'): string | undefined {
  if (uri.scheme === 'dataset') {
    // A pinned version (`dataset://x@3`) reads a stored version, not this run's output.
    if (direction === 'source' && uri.location.includes('@')) return undefined
    return `dataset://${uri.location}`
  }
  if (FILE_SCHEMES.has(uri.scheme)) return `${uri.scheme}://${normalizeRelative(uri.location)}`
  return undefined
}

/** The stage graph: edges and a topological order (ties broken by id). */
export interface StageGraph {
  readonly edges: PlanEdge[]
  /** Stage ids in topological order; absent when the graph has a cycle. */
  readonly order?: string[]
}

function resolveStage(
  ref: Named,
  byName: Map<string, StageDraft>,
  what: string,
  report: Reporter,
): StageDraft | undefined {
  const target = byName.get(ref.name) ?? [...byName.values()].find((s) => s.id === ref.name)
  if (target === undefined) {
    const guess = didYouMean(ref.name, byName.keys())
    report.error(
      'RUNINK_DSL_UNKNOWN_SCENARIO',
      ref.span,
      `${what} names no scenario "${ref.name}"`,
      guess === undefined
        ? `scenarios: ${[...byName.keys()].join(', ')}`
        : `did you mean "${guess}"?`,
    )
  }
  return target
}

/**
 * Builds the edges (a source reading another stage's sink, `@after`), reports duplicate
 * outputs, unknown scenario names and cycles, and orders the stages.
 */
export function buildStageGraph(stages: readonly StageDraft[], report: Reporter): StageGraph {
  const byName = new Map(stages.map((s) => [s.name, s]))
  const producer = new Map<string, StageDraft>()
  for (const s of stages)
    for (const sink of s.sinks) {
      const key = dataKey(sink.uri, 'sink')
      if (key === undefined) continue
      const other = producer.get(key)
      if (other !== undefined && other !== s)
        report.error(
          'RUNINK_DSL_DUPLICATE_SINK',
          sink.span,
          `${sink.uri.uri} is already written by "${other.name}"`,
          'each dataset or file has one writer; give this one another name',
        )
      else producer.set(key, s)
    }
  const edges: PlanEdge[] = []
  for (const s of stages) {
    for (const source of s.sources) {
      const key = dataKey(source.uri, 'source')
      const from = key === undefined ? undefined : producer.get(key)
      if (from === undefined) continue
      source.fromStage = from.id
      edges.push({ from: from.id, to: s.id, kind: 'data', via: source.uri.uri })
    }
    for (const ref of s.after) {
      const from = resolveStage(ref, byName, '@after', report)
      if (from !== undefined) edges.push({ from: from.id, to: s.id, kind: 'after' })
    }
    for (const ref of s.colocateWith) resolveStage(ref, byName, 'colocate_with', report)
  }
  const unique = new Map(
    edges.map((e) => [`${e.from}\u0000${e.to}\u0000${e.kind}\u0000${e.via ?? ''}`, e]),
  )
  const sorted = [...unique.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, e]) => e)
  const order = topoOrder(stages, sorted, report)
  return { edges: sorted, ...(order === undefined ? {} : { order }) }
}

function topoOrder(
  stages: readonly StageDraft[],
  edges: readonly PlanEdge[],
  report: Reporter,
): string[] | undefined {
  const ids = [...new Set(stages.map((s) => s.id))].sort()
  const next = new Map<string, string[]>(ids.map((id) => [id, []]))
  const indegree = new Map<string, number>(ids.map((id) => [id, 0]))
  for (const e of edges) {
    next.get(e.from)?.push(e.to)
    indegree.set(e.to, (indegree.get(e.to) ?? 0) + 1)
  }
  const ready = ids.filter((id) => indegree.get(id) === 0)
  const order: string[] = []
  while (ready.length > 0) {
    ready.sort()
    const id = ready.shift() as string
    order.push(id)
    for (const to of next.get(id) ?? []) {
      const d = (indegree.get(to) ?? 0) - 1
      indegree.set(to, d)
      if (d === 0) ready.push(to)
    }
  }
  if (order.length === ids.length) return order
  const cycle = findCycle(
    ids.filter((id) => !order.includes(id)),
    next,
  )
  const stage = stages.find((s) => s.id === cycle[0])
  const names = cycle.map((id) => stages.find((s) => s.id === id)?.name ?? id)
  report.error(
    'RUNINK_DSL_CYCLE',
    stage?.scenario.titleSpan ?? { start: 0, end: 0 },
    `the stages form a cycle: ${[...names, names[0]].join(' → ')}`,
    'a stage cannot read, directly or not, what it writes; break the loop or remove an @after',
  )
  return undefined
}

/**
 * One cycle among the stages the topological sort left over. Every one of them still has a
 * predecessor among them, so walking predecessors always closes a loop.
 */
function findCycle(left: readonly string[], next: Map<string, string[]>): string[] {
  const inLeft = new Set(left)
  const prev = new Map<string, string[]>()
  for (const [from, tos] of next)
    for (const to of tos)
      if (inLeft.has(from) && inLeft.has(to)) prev.set(to, [...(prev.get(to) ?? []), from])
  const path: string[] = []
  const onPath = new Map<string, number>()
  let at = [...left].sort()[0] ?? ''
  while (!onPath.has(at)) {
    onPath.set(at, path.length)
    path.push(at)
    const before = [...(prev.get(at) ?? [])].sort()
    if (before.length === 0) break
    at = before[0] as string
  }
  const cycle = path.slice(onPath.get(at) ?? 0).reverse()
  const min = cycle.indexOf([...cycle].sort()[0] ?? '')
  return [...cycle.slice(min), ...cycle.slice(0, min)]
}
