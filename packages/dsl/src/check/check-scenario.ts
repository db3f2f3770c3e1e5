import { didYouMeanHint } from '@runink/core'
import type { ScenarioNode } from '../syntax/ast.js'
import { AnnotationArgs } from './annotation-args.js'
import { ALL_ANNOTATIONS, FILE_ANNOTATIONS, ONCE, SOURCE_ANNOTATIONS } from './annotation-names.js'
import type { CheckContext } from './check-context.js'
import { SETTINGS } from './check-settings.js'
import { checkSink, checkSource } from './check-source.js'
import { checkStep } from './check-step.js'
import type { StageDraft } from './stage-draft.js'
import { stageIdOf } from './stage-id.js'

/** Checks one scenario's annotations and contract line into a stage draft. */
export function checkScenario(scenario: ScenarioNode, ctx: CheckContext): StageDraft {
  const { report } = ctx
  const binding = scenario.contracts[0]
  for (const extra of scenario.contracts.slice(1))
    report.error(
      'RUNINK_DSL_DUPLICATE_ANNOTATION',
      extra.span,
      'a scenario has one contract',
      'the contract is what the stage writes; declare step contracts with in= and out=',
    )
  const stage: StageDraft = {
    scenario,
    id: stageIdOf(scenario.title),
    name: scenario.title,
    ...(binding === undefined ? {} : { contractRef: { name: binding.ref, span: binding.span } }),
    sources: [],
    steps: [],
    sinks: [],
    asserts: [],
    canonicalAsserts: [],
    resources: {},
    retry: { attempts: 1, backoff: 'fixed', initialMs: 0, maxMs: 0 },
    cache: true,
    parallelism: { n: 1 },
    emits: [],
    labels: {},
    colocateWith: [],
    after: [],
    auto: [],
    module: {},
  }
  const seen = new Set<string>()
  for (const a of scenario.annotations) {
    if (ONCE.has(a.name) && seen.has(a.name)) {
      report.error(
        'RUNINK_DSL_DUPLICATE_ANNOTATION',
        a.nameSpan,
        `@${a.name} may appear once per scenario`,
      )
      continue
    }
    seen.add(a.name)
    if (a.name === 'source') {
      const s = checkSource(a, report)
      if (s !== undefined) stage.sources.push(s)
    } else if (a.name === 'sink') {
      const s = checkSink(a, report)
      if (s !== undefined) stage.sinks.push(s)
    } else if (a.name === 'step') {
      const s = checkStep(a, ctx)
      if (s !== undefined) stage.steps.push(s)
    } else if (SETTINGS[a.name] !== undefined) {
      SETTINGS[a.name]?.(a, new AnnotationArgs(a, report), stage, report)
    } else if (FILE_ANNOTATIONS.includes(a.name)) {
      report.error(
        'RUNINK_DSL_MISPLACED_ANNOTATION',
        a.nameSpan,
        `@${a.name} belongs at the top of the file, before Feature:`,
      )
    } else if (SOURCE_ANNOTATIONS.includes(a.name)) {
      report.error(
        'RUNINK_DSL_MISPLACED_ANNOTATION',
        a.nameSpan,
        `@${a.name} belongs inside @source(…)`,
        `e.g. @source("jsonl://in.jsonl" @${a.name}(…))`,
      )
    } else if (a.name !== '') {
      report.error(
        'RUNINK_DSL_UNKNOWN_ANNOTATION',
        a.nameSpan,
        `unknown annotation @${a.name}`,
        `known: ${ALL_ANNOTATIONS.map((n) => `@${n}`).join(' ')}${didYouMeanHint(a.name, ALL_ANNOTATIONS)}`,
      )
    }
  }
  if (seen.has('parallel') && seen.has('partition')) {
    const second = scenario.annotations.find((a) => a.name === 'partition' || a.name === 'parallel')
    report.error(
      'RUNINK_DSL_CONFLICTING_ANNOTATIONS',
      second?.nameSpan ?? scenario.titleSpan,
      '@parallel and @partition exclude each other',
      '@partition(by=, n=) already runs n slices',
    )
  }
  if (binding === undefined)
    report.error(
      'RUNINK_DSL_NO_CONTRACT',
      scenario.titleSpan,
      `scenario "${scenario.title}" names no contract`,
      'add a line: Given the contract: <name>',
    )
  if (stage.sources.length === 0 && !scenario.annotations.some((a) => a.name === 'source'))
    report.error(
      'RUNINK_DSL_NO_SOURCE',
      scenario.titleSpan,
      `scenario "${scenario.title}" has no @source`,
    )
  if (stage.sinks.length === 0 && !scenario.annotations.some((a) => a.name === 'sink'))
    report.error(
      'RUNINK_DSL_NO_SINK',
      scenario.titleSpan,
      `scenario "${scenario.title}" has no @sink`,
    )
  return stage
}
