import { FieldType } from '@runink/contracts'
import { isOneOf, didYouMean, vocabulary } from '@runink/core'
import type { Reporter } from '../diagnostics/reporter.js'
import type { Annotation, Arg, StringValue } from '../syntax/ast.js'
import { AnnotationArgs } from './annotation-args.js'
import { BUILTIN_PARAMS, BuiltinStep, SHORTHAND_STEPS } from './builtin-steps.js'
import type { CheckContext } from './check-context.js'
import type { Named, ShapeOp, StepDraft } from './stage-draft.js'
import type { PlanParam } from '../plan/plan.js'

const CONTRACT_ARGS = ['in', 'out']

/** Checks `@step(…)`: a built-in, an exported module step, or `exec="command"`. */
export function checkStep(a: Annotation, ctx: CheckContext): StepDraft | undefined {
  const { report } = ctx
  const args = new AnnotationArgs(a, report)
  const first = args.positional(0)
  const named = (n: string): Named | undefined => {
    const arg = args.named(n)
    const text = args.text(arg, n)
    return arg === undefined || text === undefined
      ? undefined
      : { name: text, span: arg.value.span }
  }
  const exec = args.named('exec')
  if (first === undefined && exec !== undefined) {
    args.checkShape({ anyNamed: true })
    const command = args.text(exec, 'exec')
    if (command === undefined) return undefined
    if (command.trim() === '') {
      report.error('RUNINK_DSL_BAD_STEP_PARAM', exec.span, 'exec needs a command line')
      return undefined
    }
    const name =
      args.text(args.named('name'), 'name') ?? command.trim().split(/\s+/).slice(0, 2).join(' ')
    return {
      kind: 'exec',
      name,
      span: a.span,
      command: command.trim(),
      params: freeParams(args, ['exec', 'name', ...CONTRACT_ARGS]),
      shape: { op: 'opaque', label: `the output of exec ${name}` },
      ...contractArgs(named),
    }
  }
  if (first === undefined) {
    const shorthand = SHORTHAND_STEPS.find((s) => args.named(s) !== undefined)
    if (shorthand !== undefined) return checkBuiltin(shorthand, a, args, report)
    args.missing('a step name', undefined)
    return undefined
  }
  const name = args.text(first, 'the step name')
  if (name === undefined) return undefined
  if (isOneOf(BuiltinStep, name)) return checkBuiltin(name, a, args, report)
  const exported = ctx.moduleSteps.get(name)
  if (exported !== undefined) {
    args.checkShape({ positional: 1, anyNamed: true })
    const declared = contractArgs(named)
    const inRef =
      declared.in ??
      (exported.in === undefined ? undefined : { name: exported.in, span: first.span })
    const outRef =
      declared.out ??
      (exported.out === undefined ? undefined : { name: exported.out, span: first.span })
    return {
      kind: 'module',
      name,
      span: a.span,
      module: exported.module,
      moduleSha256: exported.sha256,
      params: freeParams(args, CONTRACT_ARGS),
      shape: { op: 'opaque', label: `the output of ${name}` },
      ...(inRef === undefined ? {} : { in: inRef }),
      ...(outRef === undefined ? {} : { out: outRef }),
    }
  }
  const known = [...vocabulary(BuiltinStep), ...ctx.moduleSteps.keys()]
  const guess = didYouMean(name, known)
  report.error(
    'RUNINK_DSL_UNKNOWN_STEP',
    first.span,
    `unknown step "${name}"`,
    guess !== undefined
      ? `did you mean ${guess}?`
      : ctx.moduleSteps.size === 0
        ? 'built-ins: ' +
          vocabulary(BuiltinStep).join(', ') +
          '; export your own from a @steps module'
        : `known steps: ${known.join(', ')}`,
  )
  return undefined
}

function contractArgs(named: (n: string) => Named | undefined): { in?: Named; out?: Named } {
  const i = named('in')
  const o = named('out')
  return { ...(i === undefined ? {} : { in: i }), ...(o === undefined ? {} : { out: o }) }
}

/** `key=value` params of module and exec steps (numbers and booleans stay typed). */
function freeParams(args: AnnotationArgs, reserved: readonly string[]): Record<string, PlanParam> {
  const out: Record<string, PlanParam> = {}
  for (const arg of args.allNamed()) {
    const name = arg.name ?? ''
    if (reserved.includes(name) || arg.value.kind === 'annotation') continue
    const v = arg.value.value
    out[name] =
      arg.value.kind === 'word' && /^-?\d+(\.\d+)?$/.test(v)
        ? Number(v)
        : arg.value.kind === 'word' && (v === 'true' || v === 'false')
          ? v === 'true'
          : v
  }
  return out
}

function listOf(text: string, span: Arg['span']): Named[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((name) => ({ name, span }))
}

/** Checks the parameters of a built-in step. */
function checkBuiltin(
  name: BuiltinStep,
  a: Annotation,
  args: AnnotationArgs,
  report: Reporter,
): StepDraft | undefined {
  const bad = (at: Arg | Annotation, message: string, hint?: string): undefined => {
    report.error('RUNINK_DSL_BAD_STEP_PARAM', at.span, `${name}: ${message}`, hint)
    return undefined
  }
  const viaShorthand = args.positional(0) === undefined
  const params = args.annotation.args.filter(
    (x) => !(x.style === 'positional' && x === args.positional(0) && !viaShorthand),
  )
  const draft = (p: Record<string, PlanParam>, shape: ShapeOp): StepDraft => ({
    kind: 'builtin',
    name,
    span: a.span,
    params: p,
    shape,
  })
  // The main parameter: second positional argument, its canonical name or an alias (or, in
  // `@step(filter="…")`, the step's name); the plan carries it under its canonical name only.
  const spec = BUILTIN_PARAMS[name]
  const mainNames =
    spec.main === undefined
      ? []
      : [spec.main.name, ...spec.main.aliases, ...(viaShorthand ? [name] : [])]
  const mainArgs = params.filter(
    (x) =>
      (x.style === 'positional' && spec.main !== undefined) ||
      (x.style === 'named' && mainNames.includes(x.name ?? '')),
  )
  const others = params.filter((x) => !mainArgs.includes(x))
  const allowedOthers = spec.byField === true ? undefined : Object.keys(spec.optional ?? {})
  for (const x of others) {
    if (x.style !== 'named')
      return bad(
        x,
        x.style === 'clause'
          ? `takes no "${x.name ?? ''}" clause`
          : 'takes no positional argument here',
      )
    if (allowedOthers !== undefined && !allowedOthers.includes(x.name ?? ''))
      return bad(
        x,
        `unknown parameter "${x.name ?? ''}"`,
        allowedOthers.length + mainNames.length === 0
          ? `${name} takes no parameters`
          : `it takes ${[...mainNames, ...allowedOthers].join(', ')}`,
      )
    if (x.value.kind === 'annotation') return bad(x, 'a parameter must be a value')
  }
  if (mainArgs.length > 1) return bad(mainArgs[1] as Arg, 'its main parameter is given twice')
  const main = mainArgs[0]
  const mainText =
    main === undefined || main.value.kind === 'annotation' ? undefined : main.value.value
  const mainString = main?.value.kind === 'string' ? (main.value as StringValue) : undefined
  switch (name) {
    case 'validate':
    case 'mask':
      return draft({}, { op: 'keep' })
    case 'select':
    case 'dedupe': {
      const fields = mainText === undefined ? [] : listOf(mainText, (main as Arg).value.span)
      if (fields.length === 0) return bad(a, `needs ${name === 'select' ? 'fields' : 'key'}="a,b"`)
      const list = fields.map((f) => f.name)
      return name === 'select'
        ? draft({ fields: list }, { op: 'select', fields })
        : draft({ key: list }, { op: 'fields', fields })
    }
    case 'filter':
    case 'sql': {
      if (mainString === undefined || mainString.value.trim() === '')
        return bad(
          main ?? a,
          name === 'filter' ? 'needs a CEL condition as a string' : 'needs a query as a string',
          name === 'filter'
            ? '@step("filter", "record.amount > 0")'
            : '@step(sql="SELECT … FROM input")',
        )
      return name === 'filter'
        ? draft({ condition: mainString.value }, { op: 'filter', expr: mainString })
        : draft({ sql: mainString.value.trim() }, { op: 'opaque', label: 'the output of sql' })
    }
    case 'rename': {
      const pairs = others.map(
        (x) =>
          [
            { name: x.name ?? '', span: x.nameSpan ?? x.span },
            x.value.kind === 'annotation' ? '' : x.value.value,
          ] as const,
      )
      if (pairs.length === 0) return bad(a, 'needs at least one from="to"')
      for (const [from, to] of pairs)
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(to))
          return bad(a, `"${to}" is not a field name (renaming ${from.name})`)
      return draft(Object.fromEntries(pairs.map(([f, t]) => [f.name, t])), { op: 'rename', pairs })
    }
    case 'cast': {
      const casts = others.map(
        (x) =>
          [
            { name: x.name ?? '', span: x.nameSpan ?? x.span },
            x.value.kind === 'annotation' ? '' : x.value.value,
            x,
          ] as const,
      )
      if (casts.length === 0) return bad(a, 'needs at least one field=type')
      for (const [field, type, x] of casts)
        if (!isOneOf(FieldType, type))
          return bad(
            x,
            `"${type}" is not a type (casting ${field.name})`,
            `types: ${vocabulary(FieldType).join(', ')}${didYouMean(type, vocabulary(FieldType)) === undefined ? '' : `; did you mean ${didYouMean(type, vocabulary(FieldType)) ?? ''}?`}`,
          )
      return draft(Object.fromEntries(casts.map(([f, t]) => [f.name, t])), {
        op: 'cast',
        casts: casts.flatMap(([f, t]) => (isOneOf(FieldType, t) ? [[f, t] as const] : [])),
      })
    }
    case 'derive': {
      if (others.length === 0)
        return bad(
          a,
          'needs at least one name="cel expression"',
          '@step("derive", large="record.amount >= 1000.0")',
        )
      const exprs: Array<readonly [string, StringValue]> = []
      for (const x of others) {
        if (x.value.kind !== 'string')
          return bad(x, `${x.name ?? ''} must be a CEL expression in quotes`)
        exprs.push([x.name ?? '', x.value])
      }
      return draft(Object.fromEntries(exprs.map(([n, v]) => [n, v.value])), { op: 'derive', exprs })
    }
    case 'quality': {
      const p: Record<string, PlanParam> = {}
      const fields: Named[] = []
      for (const x of others) {
        const v = x.value.kind === 'annotation' ? '' : x.value.value
        if (x.name === 'min_rows') {
          if (!/^\d{1,12}$/.test(v)) return bad(x, `min_rows "${v}" is not a count`)
          p.min_rows = Number(v)
        } else {
          const list = listOf(v, x.value.span)
          if (list.length === 0) return bad(x, `${x.name ?? ''} needs "a,b"`)
          p[x.name ?? ''] = list.map((f) => f.name)
          fields.push(...list)
        }
      }
      if (Object.keys(p).length === 0)
        return bad(
          a,
          'needs at least one check',
          'quality(not_null="a,b", unique="id", min_rows=1)',
        )
      return draft(p, { op: 'fields', fields })
    }
  }
}
