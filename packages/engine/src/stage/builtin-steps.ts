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
import { runSql } from '../sql/index.js'
import { nodeHmacSha256Hex } from './node-hmac.js'
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

/** The built-in step names the runtime knows. */
export const BUILTIN_STEPS = [
  'validate',
  'mask',
  'select',
  'rename',
  'cast',
  'derive',
  'filter',
  'dedupe',
  'sql',
] as const

/** The positional argument of a step like `filter("cel")`, wherever the plan put it. */
function positional(params: Params, ...names: string[]): string | undefined {
  for (const n of [...names, 'expr', 'expression', 'query', '0', '_']) {
    const v = params[n]
    if (typeof v === 'string') return v
  }
  return undefined
}

function listParam(params: Params, name: string): string[] {
  const v = params[name] ?? positional(params)
  if (Array.isArray(v)) return v.map(String)
  if (typeof v === 'string')
    return v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
  throw new StageError('RUNINK_STAGE_BAD_PARAM', `${name}= is required (a comma-separated list)`, {
    param: name,
  })
}

/** Builds the transform of a built-in step. */
export function builtinStep(name: string, params: Params, ctx: BuiltinContext): BatchTransform {
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
      const fields = listParam(params, 'fields')
      return mapRecords((r) =>
        Object.fromEntries(fields.filter((f) => Object.hasOwn(r, f)).map((f) => [f, r[f]])),
      )
    }
    case 'rename': {
      const pairs = Object.entries(params).filter(([, v]) => typeof v === 'string') as [
        string,
        string,
      ][]
      return mapRecords((r) => {
        const out: Record<string, unknown> = {}
        for (const [k, v] of Object.entries(r))
          out[pairs.find(([from]) => from === k)?.[1] ?? k] = v
        return out
      })
    }
    case 'cast':
      return castStep(params, ctx.name)
    case 'derive':
      return deriveStep(params, ctx)
    case 'filter': {
      const source = positional(params, 'condition')
      if (source === undefined)
        throw new StageError('RUNINK_STAGE_BAD_PARAM', 'filter needs a CEL condition')
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
      const keys = listParam(params, 'key')
      const seen = new Set<string>()
      return mapRecords((r) => {
        const k = JSON.stringify(keys.map((f) => r[f] ?? null))
        if (seen.has(k)) return null
        seen.add(k)
        return r
      })
    }
    case 'sql': {
      const query = sqlQuery(params)
      const contracts = { input: ctx.inputContract }
      return (input) => runSql(query, input, { contracts })
    }
    case 'quality':
      return qualityStep(params)
    default:
      throw new StageError('RUNINK_STAGE_UNKNOWN_STEP', `unknown built-in step "${name}"`, {
        step: name,
      })
  }
}

/** The query of a `sql` step. */
export function sqlQuery(params: Params): string {
  const query = positional(params, 'sql')
  if (query === undefined) throw new StageError('RUNINK_STAGE_BAD_PARAM', 'sql needs a query')
  return query
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

function deriveStep(params: Params, ctx: BuiltinContext): BatchTransform {
  const exprs = Object.entries(params)
    .filter(([, v]) => typeof v === 'string')
    .map(
      ([field, source]) =>
        [field, compileCel(source as string, `derive(${field})`), source as string] as const,
    )
  return mapRecords((record) => {
    const out = { ...record }
    const vars = { record: celRecord(record, ctx.contract), params: ctx.params }
    for (const [field, fn, source] of exprs)
      out[field] = fromCel(evalOrFail(fn, vars, source, () => ctx.name?.(record)))
    return out
  })
}

function castStep(params: Params, name: BuiltinContext['name']): BatchTransform {
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
