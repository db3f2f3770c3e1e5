import {
  celRecord,
  roleView,
  compileValidator,
  type Contract,
  type ValidationError,
} from '@runink/contracts'
import type { ValidationMode } from '@runink/core'
import type { DataRecord } from '../connectors/index.js'
import { compileCel, firstLine, type CelFunction } from './cel-expression.js'
import type { SliceSink } from './slice-job.js'
import { StageError } from './stage-error.js'
import {
  deadLetterFactory,
  sampled,
  type DeadLetter,
  type DeadLetterFactory,
} from './dead-letter-envelope.js'
import { ReasonTally } from './invalid-reasons.js'
import { decodePosition, positionOf, sourceLabel } from './record-position.js'

/** A sink as the router sees it: a condition, a view, and a batch to fill. */
interface Route {
  readonly sink: SliceSink
  /** The condition: CEL, or decided from validity alone for `record.valid`/`!record.valid`. */
  readonly when?: CelFunction | ValidityCondition
  readonly view?: (record: DataRecord) => DataRecord
  pending: DataRecord[]
}

/** A condition that reads only `record.valid`: true when it selects valid records. */
type ValidityCondition = boolean

/**
 * The canonical CEL (as the DSL prints it) of the dead-letter condition and its inverse, decided
 * without CEL (and without converting each record for it): the result is the same.
 */
function validityCondition(source: string): ValidityCondition | undefined {
  const text = source.trim()
  if (text === 'record.valid') return true
  if (text === '!record.valid') return false
  return undefined
}

/** Counts, reasons and the first invalid records (as their dead-letter envelopes). */
export interface RouterStats {
  /** Valid records taken by at least one sink (dead-letter writes never count). */
  recordsOut: number
  valid: number
  invalid: number
  unrouted: number
  /** The first invalid records that no sink took. */
  firstInvalid: DeadLetter[]
  /** The first invalid records, routed or not: evidence a failed stage keeps. */
  sample: DeadLetter[]
}

/** Invalid records kept as evidence per slice. */
const SAMPLE = 5

/**
 * Validates each record against the stage's output contract and hands it to every sink that
 * takes it: sinks without `when` take valid records; sinks with `when` take what the condition
 * selects (`record.valid`, `record.errors` and the fields are visible to it). Invalid records
 * reach sinks as their {@link DeadLetter} envelope. Invalid records that no sink takes are
 * counted as unrouted — the stage then fails; nothing is dropped silently.
 */
export class RecordRouter {
  readonly stats: RouterStats = {
    recordsOut: 0,
    valid: 0,
    invalid: 0,
    unrouted: 0,
    firstInvalid: [],
    sample: [],
  }
  /** Invalid records by reason. */
  readonly reasons = new ReasonTally()
  private readonly routes: Route[]
  private readonly validator
  private readonly sources: readonly string[]
  private readonly deadLetter: DeadLetterFactory

  private readonly reportInvalid: number
  private readonly checked: boolean

  /**
   * `checked`: the records that will be routed were already validated against this same
   * contract, and nothing since could make them invalid (see `checkedAtSource`): they are
   * delivered as valid without validating them again.
   */
  constructor(
    private readonly contract: Contract,
    sinks: readonly SliceSink[],
    mode: ValidationMode,
    options: {
      reportInvalid?: number
      checked?: boolean
      /** The slice's source URIs, by index: where a record's position points. */
      sources?: readonly string[]
      /** Makes dead-letter envelopes (default: stage `''`, nothing hidden). */
      deadLetter?: DeadLetterFactory
    } = {},
  ) {
    this.reportInvalid = options.reportInvalid ?? 5
    this.checked = options.checked ?? false
    this.sources = options.sources ?? []
    this.deadLetter = options.deadLetter ?? deadLetterFactory('', { masks: false, contracts: [] })
    this.validator = compileValidator(contract, { mode })
    this.routes = sinks.map((sink) => ({
      sink,
      when:
        sink.when === undefined
          ? undefined
          : (validityCondition(sink.when) ??
            compileCel(sink.when, `sink ${sink.uri} when "${sink.when}"`)),
      view: sink.role === undefined ? undefined : roleView(contract, [sink.role]),
      pending: [],
    }))
  }

  /** Validates and routes a batch of records that came out of the steps. */
  route(batch: readonly DataRecord[]): void {
    if (this.checked) {
      for (const record of batch) this.deliver(record, true, [], record)
      return
    }
    for (const record of batch) {
      const result = this.validator.validate(record)
      if (result.valid) this.deliver(result.value, true, [], record)
      else this.deliver(result.value ?? record, false, result.errors, record)
    }
  }

  /**
   * Routes a record already known to be invalid (it failed at its source, or before `mask`);
   * `at`: where it was read (its encoded position, or a record carrying it), when `record`
   * does not carry it (a masked copy, a record as read).
   */
  routeInvalid(
    record: DataRecord,
    errors: readonly ValidationError[],
    at: DataRecord | number = record,
  ): void {
    this.deliver(record, false, errors, at)
  }

  /** Takes the records each sink received since the last call. */
  drain(): Array<[SliceSink, DataRecord[]]> {
    const out: Array<[SliceSink, DataRecord[]]> = []
    for (const r of this.routes) {
      if (r.pending.length === 0) continue
      out.push([r.sink, r.pending])
      r.pending = []
    }
    return out
  }

  private deliver(
    record: DataRecord,
    valid: boolean,
    errors: readonly ValidationError[],
    from: DataRecord | number,
  ): void {
    if (valid) this.stats.valid++
    else this.stats.invalid++
    // Valid records have no errors: skip building a list for each of them.
    const errorList = valid
      ? []
      : errors.map(({ path, rule, message }) => ({ path, rule, message }))
    let letter: DeadLetter | undefined
    if (!valid) {
      letter = this.deadLetter(record, errors, this.sourceOf(from))
      this.reasons.add(errors)
      if (this.stats.sample.length < SAMPLE) this.stats.sample.push(sampled(letter))
    }
    let taken = false
    for (const route of this.routes) {
      const when = route.when
      if (when === undefined) {
        if (!valid) continue
      } else if (typeof when === 'boolean') {
        if (when !== valid) continue
      } else if (!this.selects(when, route.sink, record, valid, errorList, from)) continue
      taken = true
      const view = route.view
      route.pending.push(
        letter === undefined
          ? view
            ? view(record)
            : record
          : // The envelope is what a dead-letter sink writes: a record of its own.
            ((view ? { ...letter, record: view(letter.record) } : letter) as unknown as DataRecord),
      )
    }
    if (valid && taken) this.stats.recordsOut++
    if (letter !== undefined && !taken) {
      this.stats.unrouted++
      if (this.stats.firstInvalid.length < this.reportInvalid)
        this.stats.firstInvalid.push(sampled(letter))
    }
  }

  /** Where a record was read, for its envelope: null when a step made it. */
  private sourceOf(from: DataRecord | number): DeadLetter['source'] {
    const at = typeof from === 'number' ? decodePosition(from) : positionOf(from)
    if (at === undefined) return null
    return { uri: this.sources[at.source] ?? `source ${at.source + 1}`, position: at.n }
  }

  private selects(
    when: CelFunction,
    sink: SliceSink,
    record: DataRecord,
    valid: boolean,
    errors: readonly unknown[],
    from: DataRecord | number,
  ): boolean {
    const vars = {
      record: { ...celRecord(record, valid ? this.contract : undefined), valid, errors },
    }
    try {
      return when(vars) === true
    } catch (error) {
      // An invalid record may not have the shape a condition expects: it is then not selected
      // (and, if nothing else takes it, reported as unrouted). For valid records it is a bug.
      if (!valid) return false
      const at = this.sourceOf(from)
      const where = at === null ? '' : `record ${at.position} of ${sourceLabel(at.uri)}: `
      throw new StageError(
        'RUNINK_STAGE_STEP_FAILED',
        `${where}sink ${sink.uri}: condition "${sink.when}" failed: ${firstLine(error)}`,
      )
    }
  }
}
