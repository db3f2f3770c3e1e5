import type { Reporter } from '../diagnostics/reporter.js'
import type { Annotation } from '../syntax/ast.js'
import type { Span } from '../syntax/span.js'
import { CONNECTED_SCHEMES, NotEnforced } from './not-enforced.js'
import type { StageDraft } from './stage-draft.js'

const HINT =
  'it is recorded in the plan but has no effect yet; runi check --strict makes this an error'

/**
 * Reports every annotation a stage compiles but the engine does not execute
 * ({@link NotEnforced}) as `RUNINK_DSL_NOT_ENFORCED`: a warning, an error when `strict`.
 */
export function reportNotEnforced(
  stages: readonly StageDraft[],
  featureHerd: string,
  report: Reporter,
  strict: boolean,
): void {
  const say = (at: Span, what: string, why: string): void =>
    report.report(
      strict ? 'error' : 'warning',
      'RUNINK_DSL_NOT_ENFORCED',
      at,
      `${what} is not enforced: ${why}`,
      HINT,
    )
  for (const stage of stages) {
    for (const a of stage.scenario.annotations) {
      switch (a.name) {
        case 'emits':
        case 'affinity':
        case 'golden':
        case 'auto':
          say(a.span, `@${a.name}`, NotEnforced[a.name])
          break
        case 'herd':
          if (stage.herd !== undefined && stage.herd !== featureHerd)
            say(a.span, `@herd("${stage.herd}")`, NotEnforced.herd)
          break
        case 'requires': {
          const gpu = a.args.find((x) => x.name === 'gpu')
          if (gpu !== undefined) say(gpu.span, 'gpu in @requires', NotEnforced.gpu)
          break
        }
        case 'source': {
          const window = nested(a, 'window')
          if (window !== undefined) say(window.span, '@window', NotEnforced.window)
          break
        }
      }
    }
    for (const s of [...stage.sources, ...stage.sinks])
      if (!CONNECTED_SCHEMES.has(s.uri.scheme))
        say(s.span, `${s.uri.scheme}://`, `${NotEnforced.scheme} (${s.uri.uri})`)
  }
}

function nested(a: Annotation, name: string): Annotation | undefined {
  for (const x of a.args)
    if (x.value.kind === 'annotation' && x.value.annotation.name === name) return x.value.annotation
  return undefined
}
