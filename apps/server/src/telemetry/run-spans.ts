import { context, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api'
import type { RunObservation, RunStart } from '../runs/run-observer.js'

/**
 * One span per run (`run <pipeline>`) and, under it, one per stage attempt (`stage <id>`), with
 * the run id, herd, plan hash and actor, each stage's outcome, record counts and error code.
 * A stage span still open when the run ends (cancelled, or the run failed around it) is
 * ended as an error.
 */
export function runSpans(tracer: Tracer, start: RunStart): RunObservation {
  const run = tracer.startSpan(`run ${start.pipeline}`, {
    attributes: {
      'runink.herd': start.herd,
      'runink.pipeline': start.pipeline,
      'runink.plan_hash': start.planHash,
      'runink.actor': start.actor,
    },
  })
  const parent = trace.setSpan(context.active(), run)
  const stages = new Map<string, Span>()
  const endStage = (id: string, failed: string | undefined): void => {
    const span = stages.get(id)
    if (!span) return
    if (failed !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: failed })
    span.end()
    stages.delete(id)
  }
  return {
    onEvent(event) {
      switch (event.type) {
        case 'run-started':
          run.setAttributes({ 'runink.run_id': event.runId, 'runink.stages': event.stages.length })
          return
        case 'stage-started':
          endStage(event.stage, 'started again')
          stages.set(
            event.stage,
            tracer.startSpan(
              `stage ${event.stage}`,
              { attributes: { 'runink.stage': event.stage, 'runink.attempt': event.attempt } },
              parent,
            ),
          )
          return
        case 'stage-finished': {
          const { summary } = event
          stages.get(summary.id)?.setAttributes({
            'runink.outcome': summary.status,
            ...(summary.stats
              ? {
                  'runink.records_in': summary.stats.records.in,
                  'runink.records_out': summary.stats.records.out,
                  'runink.invalid': summary.stats.invalid.count,
                }
              : {}),
            ...(summary.code ? { 'runink.code': summary.code } : {}),
          })
          endStage(summary.id, summary.status === 'failed' ? (summary.code ?? 'failed') : undefined)
          return
        }
        default:
          return
      }
    },
    end(outcome) {
      for (const id of [...stages.keys()]) endStage(id, 'the run ended before the stage did')
      if ('result' in outcome) {
        run.setAttribute('runink.outcome', outcome.result.status)
        if (outcome.result.status !== 'succeeded')
          run.setStatus({ code: SpanStatusCode.ERROR, message: outcome.result.status })
      } else {
        run.recordException(outcome.error instanceof Error ? outcome.error : String(outcome.error))
        run.setStatus({ code: SpanStatusCode.ERROR })
      }
      run.end()
    },
  }
}
