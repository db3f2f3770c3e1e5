import type { Sha256Ref, ValidationMode } from '@runink/core'
import type { BuiltinParams, BuiltinStep } from '../check/builtin-steps.js'
import type { UriScheme } from '../check/parse-uri.js'

/** Version of the plan format; bumped when the shape of {@link Plan} changes. */
export const PLAN_FORMAT = 1

/** A contract pinned by the plan: name, exact version and content hash. */
export interface PlanContractRef {
  readonly name: string
  readonly version: string
  /** `sha256:<hex>` of the canonical contract model. */
  readonly hash: Sha256Ref
}

/** A window over a streaming source (executed by a later milestone). */
export interface PlanWindow {
  /** `tumbling` (`@window(5m)`), `sliding` (`sliding:10m, every:2m`) or `session` (`session:15m`). */
  readonly kind: 'tumbling' | 'sliding' | 'session'
  /** Window length (tumbling, sliding), ms. */
  readonly sizeMs?: number
  /** How often a sliding window advances, ms. */
  readonly everyMs?: number
  /** Inactivity gap closing a session window, ms. */
  readonly gapMs?: number
}

/** One input of a stage. */
export interface PlanSource {
  /** The URI as written (paths relative to the feature file). */
  readonly uri: string
  readonly scheme: UriScheme
  /** Everything after `scheme://`: a relative path, a dataset name[@version], a bucket/key… */
  readonly location: string
  /** `coerce` for text sources (CSV), `strict` for typed ones, unless `mode=` says otherwise. */
  readonly mode: ValidationMode
  /** The table name a `sql` step sees this source as, when given with `table=`. */
  readonly table?: string
  /** `contract=`: the contract this source's records are read and checked against. */
  readonly contract?: PlanContractRef
  readonly window?: PlanWindow
  /** `@meta(k="v")` of the source, free metadata. */
  readonly meta: Readonly<Record<string, string>>
  /** `delimiter=` / `null=` of a CSV source, when given. */
  readonly csv?: PlanCsvOptions
  /** Id of the stage in this plan whose sink this source reads, if any. */
  readonly fromStage?: string
}

/** How a CSV source is read: `delimiter=` and `null=` of its `@source`. */
export interface PlanCsvOptions {
  /** One character between fields (a tab for a `.tsv` file and a comma otherwise, when absent). */
  readonly delimiter?: string
  /** Field texts that mean "no value" (read as an empty field). */
  readonly nulls?: readonly string[]
}

/** A step parameter value. */
export type PlanParam = string | number | boolean | readonly string[]

/** Fields every step has. */
interface PlanStepBase {
  /** The contract the step declares for its input, if any. */
  readonly in?: PlanContractRef
  /** The contract the step declares for its output, if any. */
  readonly out?: PlanContractRef
}

/**
 * A built-in step, its parameters under their canonical names only ({@link BuiltinParams},
 * the table `BUILTIN_PARAMS`): the compiler resolves positional arguments and aliases, lists
 * are arrays, CEL is stored canonically (re-printed from its AST).
 */
export type PlanBuiltinStep = {
  readonly [N in BuiltinStep]: PlanStepBase & {
    readonly kind: 'builtin'
    readonly name: N
    readonly params: BuiltinParams[N]
  }
}[BuiltinStep]

/** A step of a stage, run in declared order, fused in one slice. */
export type PlanStep =
  | PlanBuiltinStep
  | (PlanStepBase & {
      readonly kind: 'module'
      /** The exported step's name. */
      readonly name: string
      /** Its `key=value`s. */
      readonly params: Readonly<Record<string, PlanParam>>
      /** The `@steps` module exporting it, relative to the feature file. */
      readonly module: string
      /** sha256 (hex) of the module's source: step code is part of the plan's identity. */
      readonly moduleSha256: string
    })
  | (PlanStepBase & {
      readonly kind: 'exec'
      /** The command's name (`name=`, else its first words). */
      readonly name: string
      /** Its `key=value`s. */
      readonly params: Readonly<Record<string, PlanParam>>
      /** The command line, run in the feature file's folder; NDJSON on stdin and stdout. */
      readonly command: string
    })

/** One output of a stage. */
export interface PlanSink {
  readonly uri: string
  readonly scheme: UriScheme
  readonly location: string
  /** Canonical CEL over `record` (with `record.valid`, `record.errors`); absent → valid records. */
  readonly when?: string
  /** Write the view of this role (`with "role=R"`). */
  readonly role?: string
  /** Whether an invalid record can reach this sink (static analysis of `when`). */
  readonly acceptsInvalid: boolean
}

/** Resource requests, normalised. Absent fields mean the engine's default. */
export interface PlanResources {
  readonly cpuMillis?: number
  readonly memoryBytes?: number
  /** Most bytes a slice may hold in its staging folder (`disk="10Gi"`). */
  readonly diskBytes?: number
  readonly gpu?: number
  readonly timeoutMs?: number
}

/** Retry policy of a stage's slices. */
export interface PlanRetry {
  /** Total attempts, at least 1 (1 = no retry). */
  readonly attempts: number
  readonly backoff: 'fixed' | 'exponential'
  /** Delay before the first retry, ms. */
  readonly initialMs: number
  /** Upper bound of any delay, ms. */
  readonly maxMs: number
}

/** Data-parallel slicing: `n` slices, split by hashing `by` when given (else round robin). */
export interface PlanParallelism {
  readonly n: number
  readonly by?: string
}

/** Placement constraints for the scheduler. */
export interface PlanAffinity {
  /** Agent labels the slice needs (`label="gpu=a100"`; a bare label maps to `"true"`). */
  readonly labels: Readonly<Record<string, string>>
  /** Ids of stages whose slices this one should run next to. */
  readonly colocateWith: readonly string[]
}

/** An LLM-proposed step awaiting approval (`@auto("prompt")`, a later milestone). */
export interface PlanAuto {
  readonly prompt: string
  /** Where it would run: after this many of the stage's declared steps. */
  readonly position: number
}

/** One stage (scenario): sources → steps → validation against `contract` → sinks. */
export interface PlanStage {
  /** Stable id derived from the scenario name (kebab case), unique in the plan. */
  readonly id: string
  /** The scenario name, whitespace-normalised. */
  readonly name: string
  /** `sha256:` of this stage's own definition (everything below): its cache identity. */
  readonly hash: Sha256Ref
  /** The herd the stage runs in (`@herd`, else the feature's). */
  readonly herd: string
  /** The stage's output contract: every record is validated against it before routing. */
  readonly contract: PlanContractRef
  readonly sources: readonly PlanSource[]
  readonly steps: readonly PlanStep[]
  readonly sinks: readonly PlanSink[]
  /** What happens to invalid records: some sink takes them, or they fail the stage. */
  readonly invalid: 'routed' | 'fail'
  /** Canonical CEL predicates over the stage stats ({@link ASSERT_VARIABLES}); all must hold. */
  readonly asserts: readonly string[]
  readonly resources: PlanResources
  readonly retry: PlanRetry
  /** Whether outputs may be reused from an identical earlier slice (`@cache(false)` → false). */
  readonly cache: boolean
  /**
   * `@empty("allow")`: the stage may read records and write no valid one (by default that
   * fails it). Absent when not allowed, so plans without it keep their hashes.
   */
  readonly allowEmpty?: true
  readonly parallelism: PlanParallelism
  /** Topics announced when the stage commits (`@emits`). */
  readonly emits: readonly string[]
  readonly affinity: PlanAffinity
  /** Ids of stages that must finish first (`@after`), besides data dependencies. */
  readonly after: readonly string[]
  readonly auto: readonly PlanAuto[]
  /** Folder of golden files for `runi test` (`@golden`), relative to the feature file. */
  readonly golden?: string
  /** `@module(k="v")` metadata, e.g. `{ layer: "silver" }`. */
  readonly module: Readonly<Record<string, string>>
}

/** A dependency between stages. */
export interface PlanEdge {
  readonly from: string
  readonly to: string
  /** `data`: `to` reads what `from` writes (`via` that URI); `after`: declared order only. */
  readonly kind: 'data' | 'after'
  readonly via?: string
}

/** A `@steps` module: where it is, its content hash and the steps it exports. */
export interface PlanModule {
  /** Path relative to the feature file, normalised. */
  readonly path: string
  /** sha256 (hex) of its source text. */
  readonly sha256: string
  readonly steps: readonly string[]
}

/**
 * The compiled, executable part of a feature file: canonical, deterministic and hashed
 * (`planHash = hashOf(plan)`). Prose lives in {@link PlanDisplay}, outside the hash.
 */
export interface Plan {
  readonly format: typeof PLAN_FORMAT
  readonly feature: {
    readonly name: string
    readonly herd: string
    /** Semantic version of the feature (`@feature(version=)`; `0.0.0` when not given). */
    readonly version: string
  }
  /** Stages in topological order, ties broken by id. */
  readonly stages: readonly PlanStage[]
  /** Edges sorted by from, to, kind, via. */
  readonly edges: readonly PlanEdge[]
  /** Step modules sorted by path. */
  readonly modules: readonly PlanModule[]
  /** Every contract the plan uses, sorted by name and version. */
  readonly contracts: readonly PlanContractRef[]
}

/** Narrative text of a scenario or the feature, for people only (not hashed). */
export interface DisplayText {
  readonly title: string
  /** Free prose lines under the heading. */
  readonly description: readonly string[]
  /** `Given/When/Then/And/But/Do` lines, keyword and text. */
  readonly narrative: ReadonlyArray<{ readonly keyword: string; readonly text: string }>
}

/** The prose of a feature file, kept beside the plan but outside its hash. */
export interface PlanDisplay {
  readonly file: string
  readonly feature: DisplayText
  /** By stage id. */
  readonly stages: Readonly<Record<string, DisplayText>>
}
