import type { BarnContext } from '../barn-context.js'
import { buildRunEvent, type RunEvent, type RunEventInput } from './build-run-event.js'
import type { OlName } from './dataset-naming.js'
import type { LineagePoster } from './lineage-poster.js'

/** Which way to walk the lineage graph. */
export const LineageDirection = {
  upstream: 'upstream',
  downstream: 'downstream',
  both: 'both',
} as const
export type LineageDirection = (typeof LineageDirection)[keyof typeof LineageDirection]

/** A node of the lineage graph: a dataset or a job (stage). */
export interface LineageNode extends OlName {
  readonly id: string
  readonly kind: 'dataset' | 'job'
}

/** The part of the lineage graph reachable from a start, edges pointing the way data flows. */
export interface LineageGraph {
  readonly nodes: LineageNode[]
  readonly edges: Array<{ readonly from: string; readonly to: string }>
}

const nodeId = (kind: LineageNode['kind'], n: OlName): string => `${kind}:${n.namespace}/${n.name}`

/** Stored OpenLineage events, optional delivery to an endpoint, and the graph they describe. */
export class LineageRepo {
  constructor(
    private readonly ctx: BarnContext,
    private readonly poster?: LineagePoster,
  ) {}

  /** Builds, stores and (when configured) posts a run event; `runId` is the Runink run it belongs to. */
  async emit(input: RunEventInput, runId?: string): Promise<RunEvent> {
    const event = buildRunEvent(input)
    await this.record(event, runId ?? input.parent?.runId)
    return event
  }

  /** Stores a built event, then queues it for the endpoint without waiting. */
  async record(event: RunEvent, runId?: string): Promise<void> {
    await this.ctx.db
      .insertInto('lineage_events')
      .values({
        id: this.ctx.ids.next(),
        ol_run_id: event.run.runId,
        run_id: runId ?? null,
        job_namespace: event.job.namespace,
        job_name: event.job.name,
        event_type: event.eventType,
        event_time: new Date(event.eventTime),
        event: JSON.stringify(event),
      })
      .execute()
    this.poster?.enqueue(event)
  }

  /** Stored events, oldest first, optionally of one Runink run. */
  async events(filter: { runId?: string; limit?: number } = {}): Promise<RunEvent[]> {
    let q = this.ctx.db
      .selectFrom('lineage_events')
      .select('event')
      .orderBy('event_time')
      .orderBy('id')
    if (filter.runId) q = q.where('run_id', '=', filter.runId)
    return (await q.limit(filter.limit ?? 10_000).execute()).map((r) => r.event as RunEvent)
  }

  /** Waits (bounded) for queued events to reach the endpoint; true when none remain. */
  flush(timeoutMs?: number): Promise<boolean> {
    return this.poster ? this.poster.flush(timeoutMs) : Promise.resolve(true)
  }

  /**
   * The graph reachable from a dataset, or from the jobs of a Runink run, walking up (what it
   * came from), down (what was made from it) or both. Built from COMPLETE events; a run's graph
   * from that run's events only (other runs of the same jobs read and wrote other things).
   */
  async graph(
    start: { dataset: OlName } | { runId: string },
    direction: LineageDirection = 'both',
  ): Promise<LineageGraph> {
    let query = this.ctx.db
      .selectFrom('lineage_events')
      .select(['event', 'run_id'])
      .where('event_type', '=', 'COMPLETE')
    if ('runId' in start) query = query.where('run_id', '=', start.runId)
    const rows = await query.execute()
    const nodes = new Map<string, LineageNode>()
    const edges = new Map<string, { from: string; to: string }>()
    const add = (kind: LineageNode['kind'], n: OlName): string => {
      const id = nodeId(kind, n)
      nodes.set(id, { id, kind, namespace: n.namespace, name: n.name })
      return id
    }
    for (const { event } of rows) {
      const e = event as RunEvent
      const job = add('job', e.job)
      for (const i of e.inputs)
        edges.set(`${nodeId('dataset', i)}>${job}`, { from: add('dataset', i), to: job })
      for (const o of e.outputs)
        edges.set(`${job}>${nodeId('dataset', o)}`, { from: job, to: add('dataset', o) })
    }
    const starts =
      'dataset' in start
        ? [nodeId('dataset', start.dataset)]
        : rows.map((r) => nodeId('job', (r.event as RunEvent).job))
    const seen = new Set<string>()
    const keep = new Set<string>()
    const walk = (id: string, dir: 'upstream' | 'downstream'): void => {
      const key = `${dir}:${id}`
      if (seen.has(key)) return
      seen.add(key)
      keep.add(id)
      for (const e of edges.values()) {
        if (dir === 'upstream' && e.to === id) walk(e.from, dir)
        if (dir === 'downstream' && e.from === id) walk(e.to, dir)
      }
    }
    for (const s of starts) {
      if (direction !== 'downstream') walk(s, 'upstream')
      if (direction !== 'upstream') walk(s, 'downstream')
      keep.add(s)
    }
    if (!starts.some((s) => nodes.has(s))) for (const s of starts) keep.delete(s)
    return {
      nodes: [...nodes.values()].filter((n) => keep.has(n.id)),
      edges: [...edges.values()].filter((e) => keep.has(e.from) && keep.has(e.to)),
    }
  }
}
