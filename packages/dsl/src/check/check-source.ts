import { isOneOf, ValidationMode, didYouMeanHint } from '@runink/core'
import type { Reporter } from '../diagnostics/reporter.js'
import type { Annotation, Arg } from '../syntax/ast.js'
import type { PlanCsvOptions, PlanWindow } from '../plan/plan.js'
import { AnnotationArgs } from './annotation-args.js'
import { checkWindow } from './check-window.js'
import { parseUri, UriScheme, type ParsedUri } from './parse-uri.js'
import type { SinkDraft, SourceDraft } from './stage-draft.js'

/** Parses a URI argument, reporting bad URIs and unknown schemes at the argument. */
export function checkUri(
  arg: Arg,
  text: string,
  direction: 'source' | 'sink',
  report: Reporter,
): ParsedUri | undefined {
  const parsed = parseUri(text, direction)
  if ('scheme' in parsed) return parsed
  if (parsed.unknownScheme !== undefined) {
    const schemes = Object.values(UriScheme)
    report.error(
      'RUNINK_DSL_UNKNOWN_SCHEME',
      arg.span,
      parsed.message,
      `known schemes: ${schemes.join(', ')}${didYouMeanHint(parsed.unknownScheme, schemes)}`,
    )
  } else report.error('RUNINK_DSL_BAD_URI', arg.span, parsed.message, parsed.hint)
  return undefined
}

/**
 * `delimiter=` (one character other than a quote or a line break) and `null=` (a comma-separated
 * list of markers) of a CSV source; either on another scheme is an error.
 */
function checkCsvOptions(
  args: AnnotationArgs,
  scheme: string | undefined,
  report: Reporter,
): PlanCsvOptions | undefined {
  const delimiterArg = args.named('delimiter')
  const nullArg = args.named('null')
  const delimiter = args.text(delimiterArg, 'delimiter')
  const nullText = args.text(nullArg, 'null')
  for (const arg of [delimiterArg, nullArg])
    if (arg !== undefined && scheme !== undefined && scheme !== 'csv')
      report.error(
        'RUNINK_DSL_BAD_ARGUMENT',
        arg.nameSpan ?? arg.span,
        `${arg.name ?? ''}= applies to csv:// sources, not ${scheme}://`,
      )
  if (delimiterArg !== undefined && delimiter !== undefined && !/^[^"\r\n]$/u.test(delimiter))
    report.error(
      'RUNINK_DSL_BAD_ARGUMENT',
      delimiterArg.value.span,
      `delimiter ${JSON.stringify(delimiter)} is not one character (other than a quote or a line break)`,
      'e.g. delimiter="\\t" or delimiter=";"',
    )
  const nulls = nullText === undefined ? undefined : nullText.split(',').map((n) => n.trim())
  if (nullArg !== undefined && nulls !== undefined && nulls.some((n) => n === ''))
    report.error(
      'RUNINK_DSL_BAD_ARGUMENT',
      nullArg.value.span,
      `null "${nullText ?? ''}" has an empty marker (an empty field is already no value)`,
      'list the markers with commas: null="NA,null"',
    )
  if (delimiter === undefined && nulls === undefined) return undefined
  return {
    ...(delimiter === undefined ? {} : { delimiter }),
    ...(nulls === undefined ? {} : { nulls }),
  }
}

/**
 * Checks `@source("uri" [@window(…)] [@meta(…)] [, mode=] [, table=] [, contract=]
 * [, delimiter=] [, null=])`.
 */
export function checkSource(a: Annotation, report: Reporter): SourceDraft | undefined {
  const args = new AnnotationArgs(a, report)
  args.checkShape({
    positional: 1 + args.nested().length,
    named: ['mode', 'table', 'contract', 'delimiter', 'null'],
  })
  let window: PlanWindow | undefined
  const meta: Record<string, string> = {}
  let seenWindow = false
  for (const nested of args.nested()) {
    if (nested.name === 'window') {
      if (seenWindow)
        report.error('RUNINK_DSL_DUPLICATE_ANNOTATION', nested.span, 'a source has one @window')
      seenWindow = true
      window = checkWindow(nested, report) ?? window
    } else if (nested.name === 'meta') {
      const margs = new AnnotationArgs(nested, report)
      margs.checkShape({ anyNamed: true })
      for (const m of margs.allNamed()) {
        const v = margs.text(m, `@meta ${m.name ?? ''}`)
        if (v !== undefined && m.name !== undefined) meta[m.name] = v
      }
    } else
      report.error(
        'RUNINK_DSL_UNKNOWN_ANNOTATION',
        nested.nameSpan,
        `@${nested.name} is not allowed inside @source`,
        'a source takes @window(…) and @meta(…)',
      )
  }
  const uriArg = args.required('a URI')
  const modeArg = args.named('mode')
  const mode = args.text(modeArg, 'mode')
  if (modeArg !== undefined && mode !== undefined && !isOneOf(ValidationMode, mode))
    report.error('RUNINK_DSL_BAD_ARGUMENT', modeArg.span, `mode "${mode}" is not strict or coerce`)
  const table = args.text(args.named('table'), 'table')
  const tableArg = args.named('table')
  if (table !== undefined && tableArg !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(table))
    report.error(
      'RUNINK_DSL_BAD_ARGUMENT',
      tableArg.span,
      `table "${table}" is not a SQL identifier`,
    )
  const contractArg = args.named('contract')
  const contract = args.text(contractArg, 'contract')
  if (uriArg === undefined) return undefined
  const uri = checkUri(uriArg.arg, uriArg.text, 'source', report)
  if (uri === undefined) return undefined
  const csv = checkCsvOptions(args, uri.scheme, report)
  return {
    uri,
    span: a.span,
    ...(csv === undefined ? {} : { csv }),
    mode: isOneOf(ValidationMode, mode) ? mode : uri.scheme === 'csv' ? 'coerce' : 'strict',
    ...(table === undefined ? {} : { table }),
    ...(window === undefined ? {} : { window }),
    meta,
    ...(contract === undefined || contractArg === undefined
      ? {}
      : { contract: { name: contract, span: contractArg.value.span } }),
  }
}

const ROLE = /^role=([A-Za-z][A-Za-z0-9_-]*)$/

/** Checks `@sink("uri" [when "cel"] [with "role=R"])`. */
export function checkSink(a: Annotation, report: Reporter): SinkDraft | undefined {
  const args = new AnnotationArgs(a, report)
  args.checkShape({ positional: 1, clauses: ['when', 'with'] })
  const uriArg = args.required('a URI')
  const when = args.clause('when')
  const withArg = args.clause('with')
  let role: string | undefined
  if (withArg !== undefined && withArg.value.kind === 'string') {
    const m = ROLE.exec(withArg.value.value.trim())
    if (m === null)
      report.error(
        'RUNINK_DSL_BAD_ARGUMENT',
        withArg.span,
        `with "${withArg.value.value}" is not a role`,
        'write with "role=ops"',
      )
    else role = m[1]
  }
  if (uriArg === undefined) return undefined
  const uri = checkUri(uriArg.arg, uriArg.text, 'sink', report)
  if (uri === undefined) return undefined
  if (uri.scheme === 'csv' && uri.location.toLowerCase().endsWith('.tsv'))
    report.error(
      'RUNINK_DSL_BAD_URI',
      uriArg.arg.span,
      'a csv:// sink writes comma-separated text, not tab-separated: a .tsv name would not say what is in it',
      `write ${uri.location.slice(0, -4)}.csv (tab-separated sinks are not written yet)`,
    )
  if (uri.scheme === 'dataset' && uri.location.includes('@'))
    report.error(
      'RUNINK_DSL_BAD_URI',
      uriArg.arg.span,
      'a dataset sink writes a new version: it cannot name one',
      `write dataset://${uri.location.split('@')[0] ?? ''}`,
    )
  return {
    uri,
    span: a.span,
    ...(when?.value.kind === 'string' ? { when: when.value } : {}),
    ...(role === undefined ? {} : { role }),
  }
}
