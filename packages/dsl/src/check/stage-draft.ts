import type { FieldType, LoadedContract } from '@runink/contracts'
import type { ValidationMode } from '@runink/core'
import type { ScenarioNode, StringValue } from '../syntax/ast.js'
import type { Span } from '../syntax/span.js'
import type {
  PlanAuto,
  PlanCsvOptions,
  PlanParam,
  PlanResources,
  PlanRetry,
  PlanWindow,
} from '../plan/plan.js'
import type { ParsedUri } from './parse-uri.js'

/** A name written in the file, with where. */
export interface Named {
  readonly name: string
  readonly span: Span
}

/** A source as checked, before plan assembly. */
export interface SourceDraft {
  readonly uri: ParsedUri
  readonly span: Span
  readonly mode: ValidationMode
  readonly table?: string
  readonly window?: PlanWindow
  readonly meta: Record<string, string>
  /** `delimiter=` / `null=` of a CSV source. */
  readonly csv?: PlanCsvOptions
  /** `contract=`: what the source's records claim to be. */
  readonly contract?: Named
  fromStage?: string
}

/** A sink as checked. */
export interface SinkDraft {
  readonly uri: ParsedUri
  readonly span: Span
  readonly when?: StringValue
  readonly role?: string
  canonicalWhen?: string
  acceptsInvalid?: boolean
}

/** How a step changes the records' fields, for the shape flow. */
export type ShapeOp =
  | { readonly op: 'keep' }
  | { readonly op: 'select'; readonly fields: readonly Named[] }
  | { readonly op: 'rename'; readonly pairs: ReadonlyArray<readonly [Named, string]> }
  | { readonly op: 'cast'; readonly casts: ReadonlyArray<readonly [Named, FieldType]> }
  | { readonly op: 'derive'; readonly exprs: ReadonlyArray<readonly [string, StringValue]> }
  | { readonly op: 'filter'; readonly expr: StringValue }
  | { readonly op: 'fields'; readonly fields: readonly Named[] }
  | { readonly op: 'opaque'; readonly label: string }

/** A step as checked. */
export interface StepDraft {
  readonly kind: 'builtin' | 'module' | 'exec'
  readonly name: string
  readonly span: Span
  params: Record<string, PlanParam>
  readonly shape: ShapeOp
  readonly in?: Named
  readonly out?: Named
  readonly module?: string
  readonly moduleSha256?: string
  readonly command?: string
}

/** Everything a scenario says, checked one annotation at a time. */
export interface StageDraft {
  readonly scenario: ScenarioNode
  readonly id: string
  readonly name: string
  readonly contractRef?: Named
  contract?: LoadedContract
  readonly sources: SourceDraft[]
  readonly steps: StepDraft[]
  readonly sinks: SinkDraft[]
  readonly asserts: StringValue[]
  canonicalAsserts: string[]
  resources: PlanResources
  retry: PlanRetry
  cache: boolean
  /** `@empty("allow")`. */
  allowEmpty?: boolean
  parallelism: { n: number; by?: Named }
  readonly emits: string[]
  readonly labels: Record<string, string>
  readonly colocateWith: Named[]
  herd?: string
  readonly after: Named[]
  readonly auto: PlanAuto[]
  golden?: string
  readonly module: Record<string, string>
}
