import { celSchemaOf, type ContractSet, type LoadedContract } from '@runink/contracts'
import { didYouMean } from '@runink/core'
import type { Reporter } from '../diagnostics/reporter.js'
import { ASSERT_VARIABLES } from '../plan/assert-variables.js'
import { acceptsInvalid } from './accepts-invalid.js'
import { checkDeriveType } from './check-derive-type.js'
import { checkCel } from './check-cel.js'
import { incompatibilities } from './contract-compat.js'
import { openShape, reshape, shapeOfContract, type RecordShape } from './record-shape.js'
import type { Named, StageDraft, StepDraft } from './stage-draft.js'

/** What the flow checks need. */
export interface FlowContext {
  readonly report: Reporter
  readonly contracts?: ContractSet
  readonly strict: boolean
}

/** Resolves a contract reference, reporting unknown names with a suggestion. */
function resolve(ref: Named | undefined, ctx: FlowContext): LoadedContract | undefined {
  if (ref === undefined) return undefined
  const found = ctx.contracts?.resolveRef(ref.name)
  if (found !== undefined) return found
  const names = ctx.contracts?.names() ?? []
  const base = ref.name.split('@')[0] ?? ref.name
  const guess = didYouMean(base, names)
  const hint =
    ctx.contracts === undefined
      ? 'no contracts are loaded: add @contract(path="contracts/") at the top'
      : guess !== undefined && guess !== base
        ? `did you mean ${guess}?`
        : names.includes(base)
          ? `versions of ${base}: ${ctx.contracts
              .all()
              .filter((c) => c.model.contract === base)
              .map((c) => c.model.version)
              .join(', ')}`
          : `contracts: ${names.join(', ') || 'none'}`
  ctx.report.error('RUNINK_DSL_UNKNOWN_CONTRACT', ref.span, `unknown contract "${ref.name}"`, hint)
  return undefined
}

function mismatch(
  from: LoadedContract,
  to: LoadedContract,
  where: Named,
  what: string,
  ctx: FlowContext,
): void {
  const reasons = incompatibilities(from, to)
  if (reasons.length === 0) return
  const shown =
    reasons.slice(0, 3).join('; ') + (reasons.length > 3 ? `; and ${reasons.length - 3} more` : '')
  ctx.report.error(
    'RUNINK_DSL_CONTRACT_MISMATCH',
    where.span,
    `${what}: records of ${from.ref} do not fit ${to.ref}: ${shown}`,
    'add a step that maps one to the other, or align the contracts',
  )
}

/** Checks record fields named by steps against the shape, with "did you mean". */
function checkFields(
  fields: readonly Named[],
  shape: RecordShape,
  step: string,
  ctx: FlowContext,
): void {
  if (shape.fields === undefined) return
  for (const f of fields)
    if (shape.fields[f.name] === undefined) {
      const guess = didYouMean(f.name, Object.keys(shape.fields))
      ctx.report.error(
        'RUNINK_DSL_UNKNOWN_FIELD',
        f.span,
        `${step}: ${f.name} is not a field of ${shape.label}`,
        guess === undefined
          ? `fields: ${Object.keys(shape.fields).join(', ')}`
          : `did you mean ${guess}?`,
      )
    }
}

function inputShape(
  stage: StageDraft,
  byId: ReadonlyMap<string, StageDraft>,
  ctx: FlowContext,
): RecordShape {
  const claimed = stage.sources.map((s) =>
    s.contract !== undefined
      ? resolve(s.contract, ctx)
      : s.fromStage !== undefined
        ? byId.get(s.fromStage)?.contract
        : undefined,
  )
  const known = claimed.filter((c): c is LoadedContract => c !== undefined)
  if (
    known.length > 0 &&
    known.length === claimed.length &&
    known.every((c) => c.ref === known[0]?.ref)
  )
    return shapeOfContract(known[0] as LoadedContract)
  if (stage.sources.length > 1) return openShape('records of several sources')
  const firstIn =
    stage.steps[0]?.in === undefined ? undefined : ctx.contracts?.resolveRef(stage.steps[0].in.name)
  const assumed = firstIn ?? stage.contract
  // A file source declares no contract: its records are taken to be the first step's input,
  // or else the stage's own contract (they are validated against it on the way out).
  return assumed === undefined ? openShape('the source records') : shapeOfContract(assumed)
}

/**
 * Follows one step. `target`: the stage contract, when the records this step writes reach it
 * unchanged by opaque steps (derive results are checked against its field types).
 */
function flowStep(
  step: StepDraft,
  before: RecordShape,
  ctx: FlowContext,
  target?: LoadedContract,
): RecordShape {
  let shape = before
  const what = `step ${step.name}`
  const inC = resolve(step.in, ctx)
  if (inC !== undefined && step.in !== undefined) {
    if (shape.contract !== undefined) mismatch(shape.contract, inC, step.in, `${what} input`, ctx)
    shape = shapeOfContract(inC)
  }
  const record = { record: shape.fields ?? 'dyn', params: 'map<string, string>' }
  const labels = { record: shape.label }
  const nullable = { record: shape.nullable ?? new Set<string>() }
  const op = step.shape
  switch (op.op) {
    case 'keep':
      break
    case 'fields':
      checkFields(op.fields, shape, step.name, ctx)
      break
    case 'select':
      checkFields(op.fields, shape, step.name, ctx)
      shape = reshape(shape, `the output of select`, (f) => {
        for (const k of Object.keys(f)) if (!op.fields.some((x) => x.name === k)) delete f[k]
      })
      break
    case 'rename':
      checkFields(
        op.pairs.map(([from]) => from),
        shape,
        step.name,
        ctx,
      )
      shape = reshape(shape, 'the output of rename', (f, n) => {
        for (const [from, to] of op.pairs) {
          const t = f[from.name]
          delete f[from.name]
          if (t !== undefined) f[to] = t
          if (n.delete(from.name)) n.add(to)
        }
      })
      break
    case 'cast':
      checkFields(
        op.casts.map(([field]) => field),
        shape,
        step.name,
        ctx,
      )
      shape = reshape(shape, 'the output of cast', (f, n) => {
        for (const [field, type] of op.casts) {
          n.add(field.name) // the cast contract lets null through
          f[field.name] = celSchemaOf({
            type,
            required: false,
            nullable: true,
            unique: false,
            pii: false,
            join_key: false,
          })
        }
      })
      break
    case 'filter': {
      const checked = checkCel(op.expr, record, ctx.report, 'filter', 'bool', labels, nullable)
      if (checked !== undefined) step.params = { condition: checked.canonical }
      break
    }
    case 'derive': {
      const params: Record<string, string> = {}
      const types: Record<string, string> = {}
      for (const [name, expr] of op.exprs) {
        const checked = checkCel(
          expr,
          record,
          ctx.report,
          `derive ${name}`,
          undefined,
          labels,
          nullable,
        )
        if (checked !== undefined) {
          params[name] = checked.canonical
          types[name] = /^[a-z]+$/.test(checked.type) ? checked.type : 'dyn'
          const field = target?.model.fields[name]
          if (field !== undefined && target !== undefined)
            checkDeriveType(name, checked.type, field, target, expr, ctx.report)
        }
      }
      step.params = { ...step.params, ...params }
      shape = reshape(shape, 'the output of derive', (f, n) => {
        Object.assign(f, types)
        for (const name of Object.keys(types)) n.delete(name)
      })
      break
    }
    case 'opaque':
      shape = openShape(op.label)
      break
  }
  const outC = resolve(step.out, ctx)
  if (step.out !== undefined)
    shape = outC === undefined ? openShape(`the output of ${step.name}`) : shapeOfContract(outC)
  return shape
}

/**
 * Follows the records through each stage: resolves contracts, checks fields and CEL against
 * the shape at each point, contract compatibility between steps and stages, sink conditions,
 * asserts, and where invalid records go.
 */
export function checkFlow(
  stages: readonly StageDraft[],
  order: readonly string[],
  ctx: FlowContext,
): void {
  for (const s of stages) s.contract = resolve(s.contractRef, ctx)
  const byId = new Map(stages.map((s) => [s.id, s]))
  const ordered = [
    ...order.flatMap((id) => byId.get(id) ?? []),
    ...stages.filter((s) => !order.includes(s.id)),
  ]
  for (const stage of ordered) {
    const input = inputShape(stage, byId, ctx)
    if (stage.parallelism.by !== undefined)
      checkFields([stage.parallelism.by], input, '@partition', ctx)
    let shape = input
    const lastOpaque = stage.steps.findLastIndex((x) => x.shape.op === 'opaque' || x.out)
    stage.steps.forEach((step, i) => {
      shape = flowStep(step, shape, ctx, i > lastOpaque ? stage.contract : undefined)
    })
    if (
      stage.contract !== undefined &&
      shape.contract !== undefined &&
      stage.contractRef !== undefined
    )
      mismatch(
        shape.contract,
        stage.contract,
        stage.contractRef,
        `the records reaching the sinks of "${stage.name}"`,
        ctx,
      )
    checkSinks(stage, ctx)
    for (const a of stage.asserts) {
      const checked = checkCel(a, ASSERT_VARIABLES, ctx.report, '@assert', 'bool')
      if (checked !== undefined) stage.canonicalAsserts.push(checked.canonical)
    }
  }
}

function checkSinks(stage: StageDraft, ctx: FlowContext): void {
  const out = stage.contract === undefined ? undefined : shapeOfContract(stage.contract)
  const record =
    out?.fields === undefined ? 'dyn' : { ...out.fields, valid: 'bool', errors: 'list<dyn>' }
  for (const sink of stage.sinks) {
    if (sink.when === undefined) {
      sink.acceptsInvalid = false
      continue
    }
    const checked = checkCel(
      sink.when,
      { record, params: 'map<string, string>' },
      ctx.report,
      `when of ${sink.uri.uri}`,
      'bool',
      { record: out?.label ?? 'record' },
      { record: out?.nullable ?? new Set<string>() },
    )
    sink.canonicalWhen = checked?.canonical ?? sink.when.value
    sink.acceptsInvalid = acceptsInvalid(checked?.ast) || checked === undefined
  }
  if (stage.sinks.length > 0 && !stage.sinks.some((s) => s.acceptsInvalid === true))
    ctx.report.report(
      ctx.strict ? 'error' : 'warning',
      'RUNINK_DSL_UNROUTED_INVALID',
      stage.scenario.titleSpan,
      `invalid records of "${stage.name}" have nowhere to go: the stage fails on the first one`,
      `add a dead-letter sink, e.g. @sink("jsonl://out/dlq/${stage.id}.jsonl" when "!record.valid")`,
    )
}
