import {
  celRecord,
  compileValidator,
  createMasker,
  createMemoryTokenVault,
  FieldType,
  fromCel,
  type Contract,
  type TokenVault,
} from '@runink/contracts'
import { isOneOf, uuidV7Ids } from '@runink/core'
import {
  BUILTIN_PARAMS,
  BuiltinStep,
  type BuiltinParamKind,
  type BuiltinParams,
} from '@runink/dsl/builtin-steps'
import { runSql } from '../sql/index.js'
import { nodeHmacSha256Hex } from '@runink/node'
import { qualityStep } from './quality-step.js'
import { mapBatches, mapRecords, type BatchTransform } from './batch-transform.js'
import { compileCel, firstLine } from './cel-expression.js'
import { StageError } from './stage-error.js'
import { keepPosition } from './record-position.js'

type Params = Readonly<Record<string, unknown>>

/** What built-in steps may use from their slice. */
export interface BuiltinContext {
  readonly contract: Contract
  readonly maskKey: string
  readonly params: Readonly<Record<string, string>>
  /** The slice's token vault, shared with what masks rejected records (default: a new one). */
  readonly vault?: TokenVault
  /** Names a record by its input position, for errors (`record 12 of data/x.csv`). */
  readonly name?: (record: Readonly<Record<string, unknown>>) => string
  /** The contract of the records this step reads, when known: `sql` types an empty input by it. */
  readonly inputContract?: Contract
}

/**
 * The params of built-in `name`, read under their canonical names only (`BUILTIN_PARAMS` of
 * @runink/dsl: the compiler resolved positional arguments and aliases). A plan lacking a
 * required parameter or carrying one of the wrong kind (hand-written, or compiled by an older
 * Runink) fails with `RUNINK_STAGE_BAD_PARAM` naming the step and the parameter.
 */
export function builtinParams<N extends BuiltinStep>(name: N, params: Params): BuiltinParams[N] {
  const spec = BUILTIN_PARAMS[name]
  const bad = (param: string, problem: string): never => {
    throw new StageError('RUNINK_STAGE_BAD_PARAM', `${name}: ${problem}`, { step: name, param })
  }
  const check = (param: string, kind: BuiltinParamKind): void => {
    const v = params[param]
    const ok =
      kind === 'text'
        ? typeof v === 'string'
        : kind === 'list'
          ? Array.isArray(v) && v.every((x) => typeof x === 'string')
          : Number.isSafeInteger(v) && (v as number) >= 0
    if (!ok) bad(param, `"${param}" must be ${KIND_WORDS[kind]} in the plan`)
  }
  if (spec.main !== undefined) {
    if (params[spec.main.name] === undefined)
      bad(
        spec.main.name,
        `the plan gives no "${spec.main.name}" parameter (a plan from an older Runink? recompile it)`,
      )
    check(spec.main.name, spec.main.kind)
  }
  for (const [param, kind] of Object.entries(spec.optional ?? {}))
    if (params[param] !== undefined) check(param, kind)
  if (spec.byField === true) for (const param of Object.keys(params)) check(param, 'text')
  return params as BuiltinParams[N]
}

const KIND_WORDS: Readonly<Record<BuiltinParamKind, string>> = {
  text: 'a text',
  list: 'a list of names',
  count: 'a count',
}

/** Builds the transform of a built-in step. */
export function builtinStep(name: string, params: Params, ctx: BuiltinContext): BatchTransform {
  if (!isOneOf(BuiltinStep, name))
    throw new StageError('RUNINK_STAGE_UNKNOWN_STEP', `unknown built-in step "${name}"`, {
      step: name,
    })
  switch (name) {
    case 'validate':
      // Validation happens at every stage boundary; an explicit step is a no-op marker.
      return (input) => input
    case 'mask': {
      const masker = createMasker(ctx.contract, {
        hashKey: ctx.maskKey,
        vault: ctx.vault ?? createMemoryTokenVault(uuidV7Ids),
        hmac: nodeHmacSha256Hex(),
      })
      return mapRecords((r) => masker.mask(r))
    }
    case 'select': {
      const { fields } = builtinParams(name, params)
      return mapRecords((r) =>
        Object.fromEntries(fields.filter((f) => Object.hasOwn(r, f)).map((f) => [f, r[f]])),
      )
    }
    case 'rename': {
      const renames = new Map(Object.entries(builtinParams(name, params)))
      return mapRecords((r) => {
        const out: Record<string, unknown> = {}
        for (const [k, v] of Object.entries(r)) out[renames.get(k) ?? k] = v
        return out
      })
    }
    case 'cast':
      return castStep(builtinParams(name, params), ctx.name)
    case 'derive':
      return deriveStep(builtinParams(name, params), ctx)
    case 'filter': {
      const source = builtinParams(name, params).condition
      const cond = compileCel(source, `filter("${source}")`)
      return mapRecords((record) =>
        evalOrFail(
          cond,
          { record: celRecord(record, ctx.contract), params: ctx.params },
          source,
          () => ctx.name?.(record),
        ) === true
          ? record
          : null,
      )
    }
    case 'dedupe': {
      const keys = builtinParams(name, params).key
      const seen = new Set<string>()
      return mapRecords((r) => {
        const k = JSON.stringify(keys.map((f) => r[f] ?? null))
        if (seen.has(k)) return null
        seen.add(k)
        return r
      })
    }
    case 'sql': {
      const query = builtinParams(name, params).sql
      const contracts = { input: ctx.inputContract }
      return (input) => runSql(query, input, { contracts })
    }
    case 'quality':
      return qualityStep(builtinParams(name, params))
  }
}

/** Evaluates a CEL function; a failure names the expression and (`where`, asked only then) the record. */
function evalOrFail(
  fn: (vars: Record<string, unknown>) => unknown,
  vars: Record<string, unknown>,
  source: string,
  where: () => string | undefined,
): unknown {
  try {
    return fn(vars)
  } catch (error) {
    const at = where()
    throw new StageError(
      'RUNINK_STAGE_STEP_FAILED',
      `${at === undefined ? '' : `${at}: `}expression "${source}" failed: ${firstLine(error)}`,
      { expression: source, ...(at === undefined ? {} : { record: at }) },
    )
  }
}

function deriveStep(params: BuiltinParams['derive'], ctx: BuiltinContext): BatchTransform {
  const exprs = Object.entries(params).map(
    ([field, source]) => [field, compileCel(source, `derive(${field})`), source] as const,
  )
  return mapRecords((record) => {
    const out = { ...record }
    const vars = { record: celRecord(record, ctx.contract), params: ctx.params }
    for (const [field, fn, source] of exprs)
      out[field] = fromCel(evalOrFail(fn, vars, source, () => ctx.name?.(record)))
    return out
  })
}

function castStep(params: BuiltinParams['cast'], name: BuiltinContext['name']): BatchTransform {
  const casts = Object.entries(params).map(([field, type]) => {
    if (!isOneOf(FieldType, type)) {
      throw new StageError(
        'RUNINK_STAGE_BAD_PARAM',
        `cast(${field}=${String(type)}): unknown type`,
        { field },
      )
    }
    return [field, type] as const
  })
  const model: Contract = {
    contract: 'cast',
    version: '0.0.0',
    unknown_fields: 'keep',
    fields: Object.fromEntries(
      casts.map(([f, type]) => [
        f,
        { type, required: false, nullable: true, unique: false, pii: false, join_key: false },
      ]),
    ),
  }
  const validator = compileValidator(model, { mode: 'coerce' })
  return mapBatches((batch) =>
    batch.map((record) => {
      const text: Record<string, unknown> = { ...record }
      for (const [f] of casts)
        if (text[f] !== null && text[f] !== undefined && typeof text[f] !== 'string')
          text[f] = typeof text[f] === 'object' ? JSON.stringify(text[f]) : String(text[f])
      const result = validator.validate(text)
      if (!result.valid) {
        const e = result.errors[0]
        const at = name?.(record)
        throw new StageError(
          'RUNINK_STAGE_STEP_FAILED',
          `${at === undefined ? '' : `${at}: `}cast: ${e?.message}`,
          { field: e?.path, ...(at === undefined ? {} : { record: at }) },
        )
      }
      keepPosition(record, result.value)
      return result.value
    }),
  )
}
