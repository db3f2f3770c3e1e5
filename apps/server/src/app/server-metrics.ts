import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { Barn } from '@runink/store'
import type { RunObserver } from '../runs/run-observer.js'

/** The control plane's Prometheus metrics: its own HTTP traffic, and the Barn's work by state. */
export interface ServerMetrics {
  readonly registry: Registry
  /** Counts and times one answered request (route: the matched template, not the path). */
  observe(method: string, route: string, status: number, seconds: number): void
  /** Times the runs this server runs and their stages (give it to RunExecutor.observe). */
  readonly observeRun: RunObserver
}

type Countable = 'runs' | 'stage_runs' | 'slices'

/**
 * Metrics for `/metrics`: HTTP requests and durations by route; runs, stage runs and slices in
 * the Barn by status (runs also by herd); the queue depth (runs queued, by herd); durations of
 * the runs and stages this server ran; Node's process metrics. Barn figures are read when
 * scraped, so they are right after a restart too; durations count since the server started.
 */
export function serverMetrics(barn: Barn): ServerMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const requests = new Counter({
    name: 'runink_http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  })
  const durations = new Histogram({
    name: 'runink_http_request_duration_seconds',
    help: 'HTTP request durations, by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  })
  const byStatus = async (table: Countable) =>
    barn.db
      .selectFrom(table)
      .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy('status')
      .execute()
  new Gauge({
    name: 'runink_runs',
    help: 'runs in the Barn, by herd and status',
    labelNames: ['herd', 'status'] as const,
    registers: [registry],
    async collect() {
      const rows = await barn.db
        .selectFrom('runs')
        .select(['herd', 'status', (eb) => eb.fn.countAll<string>().as('n')])
        .groupBy(['herd', 'status'])
        .execute()
      this.reset()
      for (const r of rows) this.set({ herd: r.herd, status: r.status }, Number(r.n))
    },
  })
  new Gauge({
    name: 'runink_run_queue_depth',
    help: 'runs queued and not started, by herd',
    labelNames: ['herd'] as const,
    registers: [registry],
    async collect() {
      const rows = await barn.db
        .selectFrom('runs')
        .select(['herd', (eb) => eb.fn.countAll<string>().as('n')])
        .where('status', '=', 'queued')
        .groupBy('herd')
        .execute()
      this.reset()
      for (const r of rows) this.set({ herd: r.herd }, Number(r.n))
    },
  })
  for (const [table, name] of [
    ['stage_runs', 'runink_stage_runs'],
    ['slices', 'runink_slices'],
  ] as const)
    new Gauge({
      name,
      help: `${table.replace('_', ' ')} in the Barn, by status`,
      labelNames: ['status'] as const,
      registers: [registry],
      async collect() {
        const rows = await byStatus(table)
        this.reset()
        for (const r of rows) this.set({ status: r.status }, Number(r.n))
      },
    })
  const runDurations = new Histogram({
    name: 'runink_run_duration_seconds',
    help: 'runs this server ran, by herd and how they ended (error: stopped without a result)',
    labelNames: ['herd', 'status'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
    registers: [registry],
  })
  const stageDurations = new Histogram({
    name: 'runink_stage_duration_seconds',
    help: 'stages of the runs this server ran, by herd and outcome',
    labelNames: ['herd', 'outcome'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 60, 600],
    registers: [registry],
  })
  return {
    registry,
    observeRun({ herd }) {
      const started = performance.now()
      return {
        onEvent(event) {
          if (event.type === 'stage-finished')
            stageDurations.observe(
              { herd, outcome: event.summary.status },
              event.summary.durationMs / 1000,
            )
        },
        end(outcome) {
          const status = 'result' in outcome ? outcome.result.status : 'error'
          runDurations.observe({ herd, status }, (performance.now() - started) / 1000)
        },
      }
    },
    observe(method, route, status, seconds) {
      requests.inc({ method, route, status: String(status) })
      durations.observe({ method, route }, seconds)
    },
  }
}
