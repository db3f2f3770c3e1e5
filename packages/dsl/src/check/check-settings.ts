import type { Reporter } from '../diagnostics/reporter.js'
import type { Annotation, Arg } from '../syntax/ast.js'
import { boolOf, type AnnotationArgs } from './annotation-args.js'
import { isHerdName } from './herd-name.js'
import type { StageDraft } from './stage-draft.js'
import { parseCount, parseCpuMillis, parseDurationMs, parseMemoryBytes } from './units.js'

type Handler = (a: Annotation, args: AnnotationArgs, stage: StageDraft, report: Reporter) => void

function duration(
  args: AnnotationArgs,
  arg: Arg | undefined,
  what: string,
  report: Reporter,
): number | undefined {
  const text = args.text(arg, what)
  if (arg === undefined || text === undefined) return undefined
  const ms = parseDurationMs(text)
  if (ms === undefined)
    report.error(
      'RUNINK_DSL_BAD_DURATION',
      arg.value.span,
      `${what} "${text}" is not a duration`,
      'e.g. 250ms, 30s, 5m, 1h, 1h30m',
    )
  return ms
}

function count(
  args: AnnotationArgs,
  arg: Arg | undefined,
  what: string,
  report: Reporter,
  min: number,
): number | undefined {
  const text = args.text(arg, what)
  if (arg === undefined || text === undefined) return undefined
  const n = parseCount(text)
  if (n === undefined || n < min)
    report.error(
      'RUNINK_DSL_BAD_ARGUMENT',
      arg.value.span,
      `${what} "${text}" is not a whole number ≥ ${min}`,
    )
  return n === undefined || n < min ? undefined : n
}

/** One short text argument, positional or named. */
function single(
  args: AnnotationArgs,
  what: string,
  name?: string,
): { text: string; arg: Arg } | undefined {
  args.checkShape({ positional: 1, named: name === undefined ? [] : [name] })
  return args.required(what, name)
}

/** Checks of the scenario annotations that set stage options. */
export const SETTINGS: Readonly<Record<string, Handler>> = {
  requires(a, args, stage, report) {
    args.checkShape({ named: ['cpu', 'memory', 'disk', 'gpu', 'timeout'] })
    if (a.args.length === 0) args.missing('cpu=, memory=, disk=, gpu= or timeout=')
    const resource = (
      name: string,
      parse: (t: string) => number | undefined,
      hint: string,
    ): number | undefined => {
      const arg = args.named(name)
      const text = args.text(arg, name)
      if (arg === undefined || text === undefined) return undefined
      const v = parse(text)
      if (v === undefined)
        report.error(
          'RUNINK_DSL_BAD_RESOURCE',
          arg.value.span,
          `${name} "${text}" does not parse`,
          hint,
        )
      return v
    }
    const cpuMillis = resource('cpu', parseCpuMillis, 'cpu in cores or millicores: 2, 0.5, 500m')
    const memoryBytes = resource(
      'memory',
      parseMemoryBytes,
      'memory in bytes with a unit: 256Mi, 2Gi, 512M',
    )
    const diskBytes = resource(
      'disk',
      parseMemoryBytes,
      'disk in bytes with a unit: 512Mi, 10Gi, 1G',
    )
    const gpu = resource('gpu', parseCount, 'gpu is a whole number: 0, 1, 2')
    const timeoutMs = resource('timeout', parseDurationMs, 'timeout is a duration: 30s, 5m, 1h')
    stage.resources = {
      ...(cpuMillis === undefined ? {} : { cpuMillis }),
      ...(memoryBytes === undefined ? {} : { memoryBytes }),
      ...(diskBytes === undefined ? {} : { diskBytes }),
      ...(gpu === undefined ? {} : { gpu }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    }
  },
  retry(a, args, stage, report) {
    args.checkShape({ named: ['attempts', 'backoff', 'initial', 'max'] })
    const attempts = count(args, args.named('attempts'), 'attempts', report, 1)
    if (args.named('attempts') === undefined) args.missing('attempts=', 'attempts')
    const backoffArg = args.named('backoff')
    const backoff = args.text(backoffArg, 'backoff') ?? 'fixed'
    if (backoff !== 'fixed' && backoff !== 'exponential')
      report.error(
        'RUNINK_DSL_BAD_ARGUMENT',
        backoffArg?.value.span ?? a.span,
        `backoff "${backoff}" is not fixed or exponential`,
      )
    const initialMs = duration(args, args.named('initial'), 'initial', report) ?? 1000
    const maxMs =
      duration(args, args.named('max'), 'max', report) ??
      Math.max(initialMs, backoff === 'exponential' ? 60_000 : initialMs)
    if (maxMs < initialMs)
      report.error(
        'RUNINK_DSL_BAD_DURATION',
        args.named('max')?.value.span ?? a.span,
        'max is shorter than initial',
      )
    stage.retry = {
      attempts: attempts ?? 1,
      backoff: backoff === 'exponential' ? 'exponential' : 'fixed',
      initialMs,
      maxMs,
    }
  },
  cache(a, args, stage, report) {
    args.checkShape({ positional: 1 })
    const arg = args.positional()
    const v = arg === undefined ? true : boolOf(arg.value)
    if (v === undefined)
      report.error('RUNINK_DSL_BAD_ARGUMENT', arg?.span ?? a.span, '@cache takes true or false')
    else stage.cache = v
  },
  empty(a, args, stage, report) {
    args.checkShape({ positional: 1 })
    const arg = args.positional()
    const v = args.text(arg, 'the empty policy')
    if (arg === undefined) return args.missing('"allow"')
    if (v === 'allow') stage.allowEmpty = true
    else if (v === 'fail') stage.allowEmpty = false
    else if (v !== undefined)
      report.error(
        'RUNINK_DSL_BAD_ARGUMENT',
        arg.value.span ?? a.span,
        `@empty takes "allow" or "fail", not "${v}"`,
        'a stage that reads records and writes no valid one fails unless @empty("allow")',
      )
  },
  parallel(_a, args, stage, report) {
    args.checkShape({ positional: 1, named: ['n'] })
    const arg = args.named('n') ?? args.positional()
    if (arg === undefined) return args.missing('a slice count', 'n')
    const n = count(args, arg, 'n', report, 1)
    if (n !== undefined) stage.parallelism = { n }
  },
  partition(a, args, stage, report) {
    args.checkShape({ named: ['by', 'n'] })
    const by = args.named('by')
    const byText = args.text(by, 'by')
    const nArg = args.named('n')
    if (nArg === undefined) return args.missing('n=', 'n')
    const n = count(args, nArg, 'n', report, 1)
    if (by === undefined || byText === undefined) return args.missing('by="field"', 'by')
    if (n !== undefined) stage.parallelism = { n, by: { name: byText, span: by.value.span } }
    void a
  },
  affinity(a, args, stage, report) {
    args.checkShape({ named: ['label', 'colocate_with'] })
    if (a.args.length === 0) args.missing('label= or colocate_with=')
    const label = args.named('label')
    for (const part of (args.text(label, 'label') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const [k = '', v] = part.split('=', 2)
      if (!/^[A-Za-z0-9][A-Za-z0-9_./-]*$/.test(k.trim()))
        report.error(
          'RUNINK_DSL_BAD_ARGUMENT',
          label?.value.span ?? a.span,
          `label "${part}" is not key or key=value`,
        )
      else stage.labels[k.trim()] = v?.trim() ?? 'true'
    }
    const co = args.named('colocate_with')
    const coText = args.text(co, 'colocate_with')
    if (co !== undefined && coText !== undefined)
      stage.colocateWith.push({ name: coText.trim(), span: co.value.span })
  },
  herd(_a, args, stage, report) {
    const v = single(args, 'a herd name', 'name')
    if (v === undefined) return
    if (!isHerdName(v.text))
      report.error(
        'RUNINK_DSL_BAD_HERD',
        v.arg.value.span,
        `"${v.text}" is not a herd name`,
        'lowercase letters, digits and -, starting with a letter, at most 63',
      )
    else stage.herd = v.text
  },
  emits(_a, args, stage, report) {
    const v = single(args, 'a topic', 'topic')
    if (v === undefined) return
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(v.text))
      report.error(
        'RUNINK_DSL_BAD_ARGUMENT',
        v.arg.value.span,
        `"${v.text}" is not a topic name`,
        'letters, digits, _ . -',
      )
    else if (!stage.emits.includes(v.text)) stage.emits.push(v.text)
  },
  golden(_a, args, stage, report) {
    const v = single(args, 'a folder', 'path')
    if (v === undefined) return
    if (v.text.trim() === '')
      report.error('RUNINK_DSL_BAD_ARGUMENT', v.arg.value.span, '@golden needs a folder')
    else stage.golden = v.text.trim()
  },
  assert(_a, args, stage, report) {
    const v = single(args, 'a CEL condition', 'expr')
    if (v === undefined) return
    if (v.arg.value.kind !== 'string')
      report.error(
        'RUNINK_DSL_BAD_ARGUMENT',
        v.arg.value.span,
        '@assert takes a CEL condition in quotes',
      )
    else stage.asserts.push(v.arg.value)
  },
  after(_a, args, stage) {
    const v = single(args, 'a scenario name', 'scenario')
    if (v !== undefined)
      stage.after.push({ name: v.text.trim().replace(/\s+/g, ' '), span: v.arg.value.span })
  },
  auto(_a, args, stage, report) {
    const v = single(args, 'a prompt', 'prompt')
    if (v === undefined) return
    if (v.text.trim() === '')
      report.error('RUNINK_DSL_BAD_ARGUMENT', v.arg.value.span, '@auto needs a prompt')
    else stage.auto.push({ prompt: v.text.trim(), position: stage.steps.length })
  },
  module(a, args, stage) {
    args.checkShape({ anyNamed: true })
    if (a.args.length === 0) args.missing('key="value" metadata', 'layer')
    for (const arg of args.allNamed()) {
      const v = args.text(arg, arg.name ?? '')
      if (v !== undefined && arg.name !== undefined) stage.module[arg.name] = v
    }
  },
}
