import {
  compileValidator,
  createMemoryTokenVault,
  type Contract,
  type TokenVault,
  type ValidationError,
} from '@runink/contracts'
import { hashOf, uuidV7Ids } from '@runink/core'
import {
  hasInvalidAsRead,
  invalidAsRead,
  openFileSink,
  readRecords,
  type DataRecord,
  type RecordBatches,
  type RecordSink,
} from '../connectors/index.js'
import type { BatchTransform } from './batch-transform.js'
import { builtinStep } from './builtin-steps.js'
import { checkBeforeMask, type RejectBeforeMask } from './check-before-mask.js'
import type { StepContext, StepLogger } from './define-step.js'
import { execStep } from './exec-step.js'
import { moduleStep } from './module-step.js'
import { maskRejected } from './mask-rejected.js'
import { RecordRouter } from './record-router.js'
import { withoutUnique } from './without-unique.js'
import { checkedAtSource, sourceContract } from './checked-at-source.js'
import type {
  SliceFailureReport,
  SliceJob,
  SliceReport,
  SinkReport,
  SliceSource,
} from './slice-job.js'
import { deadLetterFactory, describeDeadLetter } from './dead-letter-envelope.js'
import { POSITION_SPAN, recordNamer, setPosition } from './record-position.js'
import { StepTally } from './step-tally.js'
import { runSql } from '../sql/index.js'
import { tableNameOf } from '../sql/table-name-of.js'
import { builtinParams } from './builtin-steps.js'
import { StageError } from './stage-error.js'

/** Options of {@link runSlice}. */
export interface RunSliceOptions {
  readonly log: StepLogger
  /** Called after each batch with running counts, for progress. */
  readonly onProgress?: (counts: { recordsIn: number; recordsOut: number; invalid: number }) => void
  readonly now?: () => number
  /** Contract the sources are coerced against before the steps (the first step's `in`). */
  readonly inputContract?: Contract
}

/**
 * Runs one slice in this process: streams the sources, runs the fused steps over batches,
 * validates every record against the stage contract, routes records to sinks (in staging), and
 * fails when invalid records have nowhere to go. Sinks are finished only on success and removed
 * on failure, so a failed slice leaves no partial output.
 */
export async function runSlice(job: SliceJob, options: RunSliceOptions): Promise<SliceReport> {
  const now = options.now ?? (() => performance.now())
  const started = now()
  // Text sources are coerced at the source, so steps always see typed records; the output is
  // then checked strictly, unless the source check already was that check.
  const inputContract = options.inputContract ?? job.inputContract
  const masks = job.steps.some((s) => s.kind === 'builtin' && s.name === 'mask')
  const sourceUris = job.sources.map((s) => s.uri)
  const router = new RecordRouter(job.contract, job.sinks, 'strict', {
    reportInvalid: job.reportInvalid,
    checked: checkedAtSource(job, inputContract),
    sources: sourceUris,
    deadLetter: deadLetterFactory(job.stageId, {
      masks,
      contracts: [job.contract, inputContract, ...job.sources.map((s) => s.contract)],
    }),
  })
  const name = recordNamer(sourceUris)
  const tally = new StepTally()
  const counters: Record<string, number> = {}
  const ctx: StepContext = {
    params: job.params,
    runId: job.runId,
    stageId: job.stageId,
    attempt: job.attempt,
    log: options.log,
    count: (metric, by = 1) => void (counters[metric] = (counters[metric] ?? 0) + by),
  }
  const sinks = new Map<string, RecordSink>()
  // One token vault per slice: a value gets the same token in its output and dead-letter sinks.
  const vault = createMemoryTokenVault(uuidV7Ids)
  const mask = maskRejected(job, vault)
  const reject = (
    record: DataRecord,
    errors: readonly ValidationError[],
    against?: Contract,
    at?: number,
  ) => router.routeInvalid(mask(record, against), errors, at ?? record)
  let recordsIn = 0
  const counts = (): SliceFailureReport => {
    const { stats } = router
    const { filtered, added } = tally.totals()
    return {
      recordsIn,
      recordsOut: stats.recordsOut,
      valid: stats.valid,
      invalid: stats.invalid,
      filtered,
      added,
      unrouted: stats.unrouted,
      reasons: router.reasons.top(),
      sample: stats.sample,
      firstInvalid: stats.firstInvalid,
      metrics: counters,
    }
  }
  try {
    for (const sink of job.sinks)
      sinks.set(
        sink.stagingPath,
        // A primary CSV output with no record still gets its header (a 0-byte CSV is not read).
        await openFileSink(sink.stagingPath, sink.format, {
          ...(sink.when === undefined && sink.role === undefined
            ? { emptyColumns: Object.keys(job.contract.fields) }
            : {}),
        }),
      )
    const add = (n: number): number => (recordsIn += n)
    const mine = partitionFilter(job)
    // A single text source with no declared input contract is read as the stage contract says.
    const fallback = job.sources.length === 1 ? job.contract : undefined
    const read = (list: readonly SliceSource[]): RecordBatches =>
      sources(
        list.map((source) => ({ source, index: job.sources.indexOf(source) })),
        reject,
        inputContract,
        fallback,
        add,
        mine,
      )
    let steps = job.steps
    let stream: RecordBatches
    const first = steps[0]
    if (first?.kind === 'builtin' && first.name === 'sql' && job.sources.length > 1) {
      // A query over several sources sees one table per source (and `input`, their union).
      const counted = tally.step()
      const tables = Object.fromEntries(
        job.sources.map((s) => [s.table ?? tableNameOf(s.uri), counted.in(read([s]))]),
      )
      const contracts = Object.fromEntries(
        job.sources.map((s) => [
          s.table ?? tableNameOf(s.uri),
          sourceContract(s, inputContract, undefined),
        ]),
      )
      stream = counted.out(
        runSql(builtinParams('sql', first.params).sql, undefined, { tables, contracts }),
      )
      steps = steps.slice(1)
    } else {
      stream = read(job.sources)
    }
    for (const step of steps)
      stream = (await stepTransform(step, job, { ctx, vault, reject, tally, name }))(stream)
    for await (const batch of stream) {
      router.route(batch)
      for (const [sink, records] of router.drain())
        await sinks.get(sink.stagingPath)!.write(records)
      options.onProgress?.({
        recordsIn,
        recordsOut: router.stats.recordsOut,
        invalid: router.stats.invalid,
      })
    }
    for (const [sink, records] of router.drain()) await sinks.get(sink.stagingPath)!.write(records)
    if (router.stats.unrouted > 0) {
      const first = router.stats.firstInvalid.map(describeDeadLetter).join('\n  ')
      throw new StageError(
        'RUNINK_STAGE_UNROUTED_INVALID',
        `${router.stats.unrouted} invalid record(s) had no sink to go to (add a sink with when "!record.valid"):\n  ${first}`,
        { unrouted: router.stats.unrouted },
      )
    }
    const reports: SinkReport[] = []
    for (const sink of job.sinks) {
      const r = await sinks.get(sink.stagingPath)!.finish()
      reports.push({
        uri: sink.uri,
        stagingPath: sink.stagingPath,
        records: r.records,
        bytes: r.bytes,
      })
    }
    return { ...counts(), unrouted: 0, sinks: reports, durationMs: now() - started }
  } catch (error) {
    await Promise.all([...sinks.values()].map((s) => s.abort().catch(() => undefined)))
    if (typeof error === 'object' && error !== null) failureReports.set(error, counts())
    throw error
  }
}

const failureReports = new WeakMap<object, SliceFailureReport>()

/**
 * The counts and evidence a slice had gathered when it failed with `error` (its invalid
 * records' reasons and first envelopes): a failed stage keeps them.
 */
export function failureReportOf(error: unknown): SliceFailureReport | undefined {
  return typeof error === 'object' && error !== null ? failureReports.get(error) : undefined
}

/** Sends a record rejected at its source to the router (`at`: its encoded position). */
type RejectAtSource = (
  record: DataRecord,
  errors: readonly ValidationError[],
  against: Contract | undefined,
  at: number,
) => void

async function* sources(
  list: readonly { source: SliceSource; index: number }[],
  reject: RejectAtSource,
  inputContract: Contract | undefined,
  stageContract: Contract | undefined,
  add: (n: number) => void,
  mine: ((record: DataRecord) => boolean) | undefined,
): RecordBatches {
  for (const { source, index } of list) {
    // Text is coerced, so steps see typed values.
    const against = sourceContract(source, inputContract, stageContract)
    const validator = against
      ? compileValidator(withoutUnique(against), { mode: source.mode })
      : undefined
    // Records are numbered as read, from 1, before a partition takes its share: the numbers
    // of `runi contract validate`, whatever slice a record lands in. Only the records that go
    // on to the steps carry the mark (one property each); rejected ones are routed with it.
    let position = index * POSITION_SPAN
    for await (const all of readRecords(source.path, source.format, source.csv)) {
      const flagged = hasInvalidAsRead(all)
      const ok: DataRecord[] = []
      let read = 0
      for (const record of all) {
        const at = ++position
        if (mine !== undefined && !mine(record)) continue
        read++
        // Records invalid as read (bad bytes, too deep) are invalid whatever the contract says.
        const asRead = flagged ? invalidAsRead(record) : undefined
        if (asRead !== undefined) reject(record, asRead, against, at)
        else if (validator === undefined) {
          setPosition(record, at)
          ok.push(record)
        } else {
          const r = validator.validate(record)
          if (r.valid) {
            setPosition(r.value, at)
            ok.push(r.value)
          } else reject(record, r.errors, against, at)
        }
      }
      add(read)
      if (ok.length > 0) yield ok
    }
  }
}

/** Whether a record belongs to this slice's partition (undefined: not split, all do). */
function partitionFilter(job: SliceJob): ((record: DataRecord) => boolean) | undefined {
  const p = job.partition
  if (p === undefined || p.n <= 1) return undefined
  let i = 0
  return (r) => (p.by === undefined ? i++ % p.n : bucket(r[p.by], p.n)) === p.index
}

/** A stable bucket for a partition key value. */
function bucket(value: unknown, n: number): number {
  return Number.parseInt(hashOf(value ?? null).slice(7, 15), 16) % n
}

/** What a step's transform is built with, besides the step and its job. */
interface StepWiring {
  readonly ctx: StepContext
  readonly vault: TokenVault
  readonly reject: RejectBeforeMask
  /** Counts what each step drops and adds. */
  readonly tally: StepTally
  /** Names a record by where it was read, for errors. */
  readonly name: (record: DataRecord) => string
}

async function stepTransform(
  step: SliceJob['steps'][number],
  job: SliceJob,
  { ctx, vault, reject, tally, name }: StepWiring,
): Promise<BatchTransform> {
  switch (step.kind) {
    case 'builtin': {
      const transform = tally.around(
        builtinStep(step.name, step.params, {
          contract: job.contract,
          // The first step reads the one source's records as checked at the source.
          ...(step === job.steps[0] && job.sources.length === 1
            ? { inputContract: sourceContract(job.sources[0]!, job.inputContract, job.contract) }
            : {}),
          maskKey: job.maskKey,
          params: job.params,
          vault,
          name,
        }),
      )
      // A masked value can no longer be checked: what `mask` hides is checked before it runs
      // (records it rejects are invalid, not dropped: they are counted outside the tally).
      return step.name === 'mask' ? checkBeforeMask(job.contract, reject, transform) : transform
    }
    case 'module':
      return moduleStep(
        step.module,
        step.name,
        { ...ctx, params: { ...job.params, ...step.params } },
        name,
        tally,
      )
    case 'exec':
      return tally.around(execStep(step, ctx.log))
  }
}
