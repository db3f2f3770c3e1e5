import type { Span } from './span.js'

/** A string literal; `exact` when its value maps onto its source character for character. */
export interface StringValue {
  readonly kind: 'string'
  readonly value: string
  readonly span: Span
  readonly contentStart: number
  readonly exact: boolean
}

/** A bare word: `5m`, `exponential`, `true`, `3`. */
export interface WordValue {
  readonly kind: 'word'
  readonly value: string
  readonly span: Span
}

/** An annotation used as a value, e.g. `@meta(…)` inside `@source(…)`. */
export interface AnnotationValue {
  readonly kind: 'annotation'
  readonly annotation: Annotation
  readonly span: Span
}

/** An argument value. */
export type Value = StringValue | WordValue | AnnotationValue

/**
 * One argument: positional (`"uri"`), named (`cpu="500m"`, `sliding:10m`) or a clause
 * (`when "cel"`, `with "role=R"`).
 */
export interface Arg {
  readonly name?: string
  readonly nameSpan?: Span
  /** `=` or `:` for named arguments, `clause` for `when`/`with`. */
  readonly style: 'positional' | 'named' | 'clause'
  readonly value: Value
  readonly span: Span
}

/** `@name(args)`. */
export interface Annotation {
  readonly name: string
  readonly nameSpan: Span
  readonly args: readonly Arg[]
  readonly span: Span
}

/** A `Given/When/Then/And/But/Do` line. */
export interface NarrativeLine {
  readonly keyword: string
  readonly text: string
  readonly span: Span
}

/** `Given the contract: name[@version]`. */
export interface ContractBinding {
  readonly ref: string
  readonly span: Span
}

/** One `Scenario:` with everything under it. */
export interface ScenarioNode {
  readonly title: string
  readonly titleSpan: Span
  readonly span: Span
  readonly annotations: readonly Annotation[]
  readonly narrative: readonly NarrativeLine[]
  readonly description: readonly string[]
  readonly contracts: readonly ContractBinding[]
}

/** The `Feature:` heading and its description. */
export interface FeatureNode {
  readonly title: string
  readonly titleSpan: Span
  readonly description: readonly string[]
  readonly narrative: readonly NarrativeLine[]
}

/** A parsed feature file: file-level annotations, the feature and its scenarios. */
export interface FeatureFile {
  readonly file: string
  readonly annotations: readonly Annotation[]
  readonly feature?: FeatureNode
  readonly scenarios: readonly ScenarioNode[]
}
