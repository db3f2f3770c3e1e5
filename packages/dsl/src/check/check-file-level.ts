import { isSemver } from '@runink/contracts'
import { didYouMeanHint } from '@runink/core'
import type { Reporter } from '../diagnostics/reporter.js'
import type { FeatureFile } from '../syntax/ast.js'
import type { Span } from '../syntax/span.js'
import { AnnotationArgs } from './annotation-args.js'
import { ALL_ANNOTATIONS, SCENARIO_ANNOTATIONS, SOURCE_ANNOTATIONS } from './annotation-names.js'
import { isHerdName } from './herd-name.js'

/** A path written in a file-level annotation. */
export interface PathRef {
  readonly path: string
  readonly span: Span
}

/** What the file-level annotations say. */
export interface FileLevel {
  readonly name: string
  readonly herd: string
  readonly version: string
  readonly contractPaths: PathRef[]
  readonly stepPaths: PathRef[]
}

/** Checks `@feature`, `@contract` and `@steps`, and reports annotations that belong elsewhere. */
export function checkFileLevel(ast: FeatureFile, report: Reporter): FileLevel {
  let name = ast.feature?.title ?? ''
  let herd = 'default'
  let version = '0.0.0'
  const contractPaths: PathRef[] = []
  const stepPaths: PathRef[] = []
  let sawFeature = false
  for (const a of ast.annotations) {
    const args = new AnnotationArgs(a, report)
    if (a.name === 'feature') {
      if (sawFeature) {
        report.error('RUNINK_DSL_DUPLICATE_ANNOTATION', a.nameSpan, '@feature may appear once')
        continue
      }
      sawFeature = true
      args.checkShape({ named: ['name', 'herd', 'version'] })
      const n = args.named('name')
      const nText = args.text(n, 'name')
      if (nText !== undefined) {
        if (nText.trim() === '')
          report.error('RUNINK_DSL_BAD_ARGUMENT', n?.span ?? a.span, 'the feature name is empty')
        else name = nText.trim().replace(/\s+/g, ' ')
      }
      const h = args.named('herd')
      const hText = args.text(h, 'herd')
      if (h !== undefined && hText !== undefined) {
        if (isHerdName(hText)) herd = hText
        else
          report.error(
            'RUNINK_DSL_BAD_HERD',
            h.value.span,
            `"${hText}" is not a herd name`,
            'lowercase letters, digits and -, starting with a letter, at most 63',
          )
      }
      const v = args.named('version')
      const vText = args.text(v, 'version')
      if (v !== undefined && vText !== undefined) {
        if (isSemver(vText)) version = vText
        else
          report.error(
            'RUNINK_DSL_BAD_VERSION',
            v.value.span,
            `"${vText}" is not a semantic version`,
            'e.g. 1.0.0 or 2.1.0-rc.1',
          )
      }
    } else if (a.name === 'contract' || a.name === 'steps') {
      args.checkShape({ positional: 1, named: ['path'] })
      const p = args.required('a path', 'path')
      if (p === undefined) continue
      if (p.text.trim() === '')
        report.error('RUNINK_DSL_BAD_ARGUMENT', p.arg.span, 'the path is empty')
      else
        (a.name === 'contract' ? contractPaths : stepPaths).push({
          path: p.text.trim(),
          span: p.arg.value.span,
        })
    } else if (SCENARIO_ANNOTATIONS.includes(a.name) || SOURCE_ANNOTATIONS.includes(a.name)) {
      report.error(
        'RUNINK_DSL_MISPLACED_ANNOTATION',
        a.nameSpan,
        `@${a.name} belongs inside a scenario`,
        'put it under a Scenario: line',
      )
    } else if (a.name !== '') {
      report.error(
        'RUNINK_DSL_UNKNOWN_ANNOTATION',
        a.nameSpan,
        `unknown annotation @${a.name}`,
        `known: ${ALL_ANNOTATIONS.map((x) => `@${x}`).join(' ')}${didYouMeanHint(a.name, ALL_ANNOTATIONS)}`,
      )
    }
  }
  if (name === '') name = baseName(ast.file)
  if (ast.scenarios.length === 0)
    report.error(
      'RUNINK_DSL_NO_SCENARIO',
      ast.feature?.titleSpan ?? { start: 0, end: 0 },
      'the file has no Scenario',
      'add a "Scenario: <name>" with @source, @sink and "Given the contract: <name>"',
    )
  return { name, herd, version, contractPaths, stepPaths }
}

function baseName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.dsl$/, '') || 'feature'
}
