import type { Reporter } from '../diagnostics/reporter.js'
import type { Annotation } from '../syntax/ast.js'
import type { PlanWindow } from '../plan/plan.js'
import { AnnotationArgs } from './annotation-args.js'
import { parseDurationMs } from './units.js'

const WINDOW_HINT = 'write @window(5m), @window(sliding:10m, every:2m) or @window(session:15m)'

/** Checks `@window(…)` inside a source: tumbling, sliding or session. */
export function checkWindow(a: Annotation, report: Reporter): PlanWindow | undefined {
  const args = new AnnotationArgs(a, report)
  args.checkShape({ positional: 1, named: ['sliding', 'every', 'session'] })
  const duration = (name: string, text: string | undefined, span = a.span): number | undefined => {
    if (text === undefined) return undefined
    const ms = parseDurationMs(text)
    if (ms === undefined)
      report.error(
        'RUNINK_DSL_BAD_WINDOW',
        span,
        `@window ${name} "${text}" is not a duration`,
        'e.g. 30s, 5m, 1h',
      )
    return ms
  }
  const size = args.positional()
  const sliding = args.named('sliding')
  const session = args.named('session')
  const every = args.named('every')
  const everyOnlyWhenSliding = (): void => {
    if (every !== undefined)
      report.error(
        'RUNINK_DSL_BAD_WINDOW',
        every.span,
        'every: belongs to a sliding window',
        WINDOW_HINT,
      )
  }
  const given = [size, sliding, session].filter((x) => x !== undefined)
  if (given.length !== 1) {
    report.error(
      'RUNINK_DSL_BAD_WINDOW',
      a.span,
      given.length === 0 ? '@window needs a length' : '@window takes one kind of window',
      WINDOW_HINT,
    )
    return undefined
  }
  if (size !== undefined) {
    everyOnlyWhenSliding()
    const ms = duration('length', args.text(size, 'the window length'), size.span)
    return ms === undefined ? undefined : { kind: 'tumbling', sizeMs: ms }
  }
  if (session !== undefined) {
    everyOnlyWhenSliding()
    const ms = duration('gap', args.text(session, 'the session gap'), session.span)
    return ms === undefined ? undefined : { kind: 'session', gapMs: ms }
  }
  if (sliding === undefined) return undefined
  const sizeMs = duration('length', args.text(sliding, 'the window length'), sliding.span)
  if (every === undefined) {
    report.error('RUNINK_DSL_BAD_WINDOW', a.span, 'a sliding window needs every:', WINDOW_HINT)
    return undefined
  }
  const everyMs = duration('step', args.text(every, 'the window step'), every.span)
  if (sizeMs === undefined || everyMs === undefined) return undefined
  if (everyMs > sizeMs) {
    report.error(
      'RUNINK_DSL_BAD_WINDOW',
      every.span,
      'a sliding window cannot advance by more than its length',
    )
    return undefined
  }
  return { kind: 'sliding', sizeMs, everyMs }
}
