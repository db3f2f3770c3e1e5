import { ContractLoadError, defineContract, isSemver } from '../load/index.js'
import { Classification, type Contract } from '../model/index.js'
import {
  ImportContext,
  isSchemaObject,
  type ImportProblem,
  type UnsupportedKeyword,
} from './import-context.js'
import { importMembers } from './import-field.js'
import { importType } from './import-type.js'
import { RuninkKeyword as X } from './runink-keywords.js'
import { reportLeftovers } from './unsupported-reasons.js'

/** Options of {@link fromJsonSchema}. */
export interface FromJsonSchemaOptions {
  /** The contract name; else the schema's `title` when it is a valid name. */
  readonly name?: string
  /** The contract version; else `x-runink-version`, else `1.0.0`. */
  readonly version?: string
}

/** What an import gives: a contract unless there are problems, and what it could not express. */
export interface FromJsonSchemaResult {
  readonly contract?: Contract
  /** Every keyword with no exact contract equivalent, with where it is and what was done. */
  readonly unsupported: UnsupportedKeyword[]
  readonly problems: ImportProblem[]
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/

function text(ctx: ImportContext, root: Readonly<Record<string, unknown>>, key: string) {
  const v = root[key]
  if (v === undefined || typeof v === 'string') return v
  ctx.problem('#', `"${key}" must be a string`)
  return undefined
}

/**
 * A contract from a JSON Schema (2020-12, or the common subset of earlier drafts) describing one
 * record. Keywords a contract cannot express are listed in `unsupported`, never dropped silently;
 * the contract goes through the same checks as a contract file.
 */
export function fromJsonSchema(
  schema: unknown,
  options: FromJsonSchemaOptions = {},
): FromJsonSchemaResult {
  const ctx = new ImportContext(schema)
  const done = (contract?: Contract): FromJsonSchemaResult =>
    contract === undefined || ctx.problems.length > 0
      ? { unsupported: ctx.unsupported, problems: ctx.problems }
      : { contract, unsupported: ctx.unsupported, problems: ctx.problems }
  if (!isSchemaObject(schema)) {
    ctx.problem('#', 'the schema must be an object')
    return done()
  }
  const used = new Set(['$schema', '$id', 'title', 'type', '$defs', 'definitions'])
  const site = { ctx, path: '#', node: schema, used }
  if (importType(ctx, '#', schema).type !== 'object')
    ctx.problem('#', 'the schema must describe an object (a record)')
  const title = text(ctx, schema, 'title')
  const name = options.name ?? title
  if (name === undefined || !NAME.test(name))
    ctx.problem(
      '#',
      `no valid contract name ${name === undefined ? '' : JSON.stringify(name) + ' '}(pass options.name)`,
    )
  used.add(X.version)
  const version = options.version ?? text(ctx, schema, X.version) ?? '1.0.0'
  if (!isSemver(version))
    ctx.problem('#', `version ${JSON.stringify(version)} is not a semantic version`)
  const { fields, policy } = importMembers(site, undefined)
  const model: Record<string, unknown> = { contract: name, version }
  for (const [key, to] of [
    [X.owner, 'owner'],
    ['description', 'description'],
  ] as const) {
    used.add(key)
    const v = text(ctx, schema, key)
    if (v !== undefined) model[to] = v
  }
  const classification = schema[X.classification]
  used.add(X.classification)
  if (classification !== undefined)
    if (Object.values<unknown>(Classification).includes(classification))
      model.classification = classification
    else
      ctx.problem(
        '#',
        `"${X.classification}" must be one of ${Object.values(Classification).join(', ')}`,
      )
  model.unknown_fields = policy ?? 'keep'
  model.fields = fields
  reportLeftovers(site, 'object')
  if (ctx.problems.length > 0) return done()
  try {
    return done(defineContract(model as unknown as Contract).model)
  } catch (error) {
    if (!(error instanceof ContractLoadError)) throw error
    for (const p of error.problems) ctx.problem(p.path ?? '#', p.message)
    return done()
  }
}
