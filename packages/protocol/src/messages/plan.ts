import { ValidationMode, type Sha256Ref } from '@runink/core'
import { z } from 'zod'
import { messageFields as f } from './message-fields.js'

/**
 * The plan IR (dsl's `Plan`, built by `buildPlan`) as a schema, for whoever reads a plan back
 * (the Barn's `plans.get`). The plan is not a `{ version, type }` message: adding fields would
 * change every plan hash. Its version is its own `format` field (literal 1, dsl's PLAN_FORMAT).
 */

const name = f.text(4096)
const text = f.text(65536)
/** A CEL expression or SQL query, canonical. */
const code = f.text(1024 * 1024)
const bool = z.boolean({ error: 'expected a boolean' })
const number = z.number({ error: 'expected a finite number' })
/** Lists of the plan are read-only, as dsl's `Plan` types them. */
const list = <T extends z.ZodType>(item: T, max: number) => f.list(item, max).readonly()
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `expected one of ${values.join(', ')}` })

const sha256Hex = f.text(64).regex(/^[0-9a-f]{64}$/, { error: 'expected 64 hex digits' })
const sha256Ref = f
  .text(71)
  .regex(/^sha256:[0-9a-f]{64}$/, { error: 'expected sha256:<64 hex digits>' })
  .pipe(z.custom<Sha256Ref>())

/** dsl's UriScheme. */
const scheme = oneOf([
  'csv',
  'jsonl',
  'json',
  'parquet',
  'dataset',
  's3',
  'postgres',
  'http',
  'https',
  'nats',
  'stdout',
])
/** contracts' FieldType (the types `cast` takes). */
const fieldType = oneOf([
  'string',
  'int',
  'float',
  'decimal',
  'bool',
  'date',
  'timestamp',
  'array',
  'object',
  'json',
])

const contractRef = f.object({ name: f.text(256), version: f.text(256), hash: sha256Ref })

const window = f.object({
  kind: oneOf(['tumbling', 'sliding', 'session']),
  sizeMs: f.measure.optional(),
  everyMs: f.measure.optional(),
  gapMs: f.measure.optional(),
})

const source = f.object({
  uri: name,
  scheme,
  location: name,
  mode: f.oneOf(ValidationMode),
  table: f.text(256).optional(),
  contract: contractRef.optional(),
  window: window.optional(),
  meta: f.record(text, 1000),
  csv: f
    .object({ delimiter: f.text(16).optional(), nulls: list(f.text(256), 100).optional() })
    .optional(),
  fromStage: f.text(256).optional(),
})

/** A parameter of a module or exec step: a text, a number, a boolean or a list of texts. */
const param = z.union([text, number, bool, list(text, 10_000)], {
  error: 'expected a string, number, boolean or list of strings',
})
const io = { in: contractRef.optional(), out: contractRef.optional() }
const fields = list(name, 10_000)

/** A built-in step with its canonical params (dsl's BUILTIN_PARAMS). */
const builtin = <const N extends string, P extends z.ZodType>(stepName: N, params: P) =>
  f.object({ kind: z.literal('builtin'), name: z.literal(stepName), params, ...io })
const none = z.record(z.string(), z.never({ error: 'expected no parameters' }), {
  error: 'expected an object',
})

const builtinStep = z.discriminatedUnion(
  'name',
  [
    builtin('validate', none),
    builtin('mask', none),
    builtin('select', f.object({ fields })),
    builtin('rename', f.record(name, 10_000)),
    builtin('cast', f.record(fieldType, 10_000)),
    builtin('derive', f.record(code, 10_000)),
    builtin('filter', f.object({ condition: code })),
    builtin('dedupe', f.object({ key: fields })),
    builtin('sql', f.object({ sql: code })),
    builtin(
      'quality',
      f.object({
        not_null: fields.optional(),
        unique: fields.optional(),
        min_rows: f.count.optional(),
      }),
    ),
  ],
  {
    error:
      'expected a built-in step validate, mask, select, rename, cast, derive, filter, dedupe, sql or quality',
  },
)

const step = z.discriminatedUnion(
  'kind',
  [
    builtinStep,
    f.object({
      kind: z.literal('module'),
      name: f.text(256),
      params: f.record(param, 1000),
      module: name,
      moduleSha256: sha256Hex,
      ...io,
    }),
    f.object({
      kind: z.literal('exec'),
      name: f.text(256),
      params: f.record(param, 1000),
      command: text,
      ...io,
    }),
  ],
  { error: 'expected a step of kind builtin, module or exec' },
)

const sink = f.object({
  uri: name,
  scheme,
  location: name,
  when: code.optional(),
  role: f.text(256).optional(),
  acceptsInvalid: bool,
})

const positive = f.count.min(1, { error: 'expected at least 1' })

const stage = f.object({
  id: f.text(256),
  name,
  hash: sha256Ref,
  herd: f.text(256),
  contract: contractRef,
  sources: list(source, 1000),
  steps: list(step, 1000),
  sinks: list(sink, 1000),
  invalid: oneOf(['routed', 'fail']),
  asserts: list(code, 1000),
  resources: f.object({
    cpuMillis: f.measure.optional(),
    memoryBytes: f.measure.optional(),
    diskBytes: f.measure.optional(),
    gpu: f.measure.optional(),
    timeoutMs: f.measure.optional(),
  }),
  retry: f.object({
    attempts: positive,
    backoff: oneOf(['fixed', 'exponential']),
    initialMs: f.measure,
    maxMs: f.measure,
  }),
  cache: bool,
  allowEmpty: z.literal(true, { error: 'expected true' }).optional(),
  parallelism: f.object({ n: positive, by: name.optional() }),
  emits: list(name, 1000),
  affinity: f.object({ labels: f.record(text, 1000), colocateWith: list(f.text(256), 1000) }),
  after: list(f.text(256), 1000),
  auto: list(f.object({ prompt: text, position: f.count }), 1000),
  golden: name.optional(),
  module: f.record(text, 1000),
})

/** The plan IR, `format: 1`; unknown fields are dropped. */
export const planSchema = f.object({
  format: z.literal(1, { error: 'expected format 1' }),
  feature: f.object({ name, herd: f.text(256), version: f.text(256) }),
  stages: list(stage, 10_000),
  edges: list(
    f.object({
      from: f.text(256),
      to: f.text(256),
      kind: oneOf(['data', 'after']),
      via: name.optional(),
    }),
    100_000,
  ),
  modules: list(
    f.object({ path: name, sha256: sha256Hex, steps: list(f.text(256), 10_000) }),
    1000,
  ),
  contracts: list(contractRef, 10_000),
})
export type PlanMessage = z.output<typeof planSchema>

/** The plan format this schema reads (dsl's PLAN_FORMAT). */
export const PLAN_FORMAT_VERSION = 1
