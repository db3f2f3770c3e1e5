/** A structured logger handed to steps; lines go to the slice's log. */
export interface StepLogger {
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

/** What a step sees besides its records. */
export interface StepContext {
  readonly params: Readonly<Record<string, unknown>>
  readonly runId: string
  readonly stageId: string
  /** 1 on the first try, 2 on the first retry…: steps with side effects can be idempotent. */
  readonly attempt: number
  readonly log: StepLogger
  /** Adds to a named counter reported with the stage's metrics. */
  count(metric: string, by?: number): void
}

type Rec = Record<string, unknown>

/** A TypeScript step: a per-record `map` or a whole-stream `stream`. */
export interface StepDefinition {
  /** Contract the step expects its input to satisfy (checked by `runi check`). */
  readonly in?: string
  /** Contract the step's output satisfies. */
  readonly out?: string
  /** Return a record, `null` to drop it, or an array to fan out. */
  readonly map?: (record: Rec, ctx: StepContext) => Rec | Rec[] | null | Promise<Rec | Rec[] | null>
  readonly stream?: (records: AsyncIterable<Rec>, ctx: StepContext) => AsyncIterable<Rec>
}

/** Declares a step for a `@steps` module (`export const X = defineStep({...})`). */
export function defineStep<T extends StepDefinition>(definition: T): T {
  if (typeof definition.map !== 'function' && typeof definition.stream !== 'function') {
    throw new TypeError('defineStep needs a map(record, ctx) or a stream(records, ctx) function')
  }
  return Object.freeze({ ...definition, __runinkStep: true })
}

/** True for a value made by {@link defineStep}. */
export function isStepDefinition(value: unknown): value is StepDefinition {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { __runinkStep?: unknown }).__runinkStep === true
  )
}
