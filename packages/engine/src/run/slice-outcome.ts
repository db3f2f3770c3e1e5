import { sliceExitCode } from '@runink/protocol'
import type { SliceExit } from '@runink/sandbox'
import type { SliceCounts, SliceReport, SliceSink } from '../stage/index.js'
import { parseSliceResult } from './parse-slice-output.js'
import { sliceReportableCode } from './slice-reportable-code.js'
import type { SliceCode } from './slice-codes.js'
import type { SliceOutcome } from './slice-runner.js'

/** Reasons a retry can cure: a crash, a kill, a timeout. Memory and pids limits come back. */
const RETRYABLE = new Set(['timeout', 'killed', 'failed'])

/** What the host read from a slice while it ran (see createSliceRunner). */
export interface SliceRead {
  /** Its stdout, at most the result line's limit. */
  readonly stdout: string
  /** It wrote more than that: the host killed it. */
  readonly stdoutOverflow?: { readonly limitBytes: number }
  /** The first message of it that broke its schema (a progress line): the host killed it. */
  readonly badMessage?: string
  /** Its staging folder, from the launcher (never from the slice). */
  readonly stagingDir: string
}

/**
 * What a slice's exit and what it sent mean for the stage. Nothing the slice says is taken on
 * trust: its result line must match its schema and its job's sinks one for one (same number,
 * same URIs, same relative staging names); the staged files are the job's, in the staging
 * folder the launcher made.
 */
export function outcomeOf(
  exit: SliceExit,
  read: SliceRead,
  jobSinks: readonly SliceSink[],
): SliceOutcome {
  const { stagingDir } = read
  const failed = (code: SliceCode, message: string): SliceOutcome => ({
    ok: false,
    end: 'failed',
    code,
    message,
    isolation: exit.isolation,
    retryable: false,
    stagingDir,
  })
  if (exit.reason !== 'cancelled') {
    if (read.stdoutOverflow)
      return failed(
        'RUNINK_SLICE_OUTPUT_TOO_LARGE',
        `slice wrote more than ${mib(read.stdoutOverflow.limitBytes)} on stdout, which carries only its result line (steps log on stderr): stopped`,
      )
    if (read.badMessage !== undefined)
      return failed(
        'RUNINK_SLICE_BAD_MESSAGE',
        `slice sent a malformed message: ${read.badMessage}`,
      )
  }
  const parsed =
    exit.reason === 'ok' || exit.reason === 'failed'
      ? parseSliceResult(read.stdout)
      : ({ kind: 'none' } as const)
  if (parsed.kind === 'malformed' && exit.reason === 'ok')
    return failed('RUNINK_SLICE_BAD_MESSAGE', `slice sent a malformed result: ${parsed.problem}`)
  const extra = exit.peakMemoryBytes === undefined ? {} : { peakMemoryBytes: exit.peakMemoryBytes }
  if (parsed.kind === 'result' && parsed.result.ok) {
    const wrong =
      sinkMismatch(parsed.result.report, jobSinks) ?? countsMismatch(parsed.result.report)
    if (wrong !== undefined)
      return failed('RUNINK_SLICE_BAD_MESSAGE', `slice sent a malformed result: ${wrong}`)
    return {
      ok: true,
      report: parsed.result.report,
      isolation: exit.isolation,
      stagingDir,
      ...extra,
    }
  }
  if (parsed.kind === 'result' && !parsed.result.ok) {
    const { report } = parsed.result
    return {
      ok: false,
      end: 'failed',
      // The slice's word for it, unless it claims a code only the host or platform raises.
      code: sliceReportableCode(parsed.result.error.code),
      message: parsed.result.error.message,
      isolation: exit.isolation,
      retryable: false,
      stagingDir,
      // Evidence only (never counted as output): kept when it is consistent in itself.
      ...(report !== undefined && countsMismatch(report) === undefined ? { report } : {}),
    }
  }
  return {
    ok: false,
    end: exit.reason === 'ok' ? 'failed' : exit.reason,
    code: sliceExitCode(exit.reason),
    message:
      exit.reason === 'failed' || exit.reason === 'ok'
        ? `slice process ${exit.message} before reporting a result`
        : exit.message,
    isolation: exit.isolation,
    retryable: RETRYABLE.has(exit.reason),
    stagingDir,
  }
}

/** Where a report's sinks differ from the job's: the slice may only count what it was given. */
function sinkMismatch(report: SliceReport, jobSinks: readonly SliceSink[]): string | undefined {
  if (report.sinks.length !== jobSinks.length)
    return `sinks: expected ${jobSinks.length} sink(s) as in its job, got ${report.sinks.length}`
  for (const [k, sink] of report.sinks.entries()) {
    const job = jobSinks[k]!
    if (sink.uri !== job.uri)
      return `sinks[${k}].uri: expected ${JSON.stringify(job.uri)} as in its job`
    if (sink.stagingPath !== job.stagingPath)
      return `sinks[${k}].stagingPath: expected ${JSON.stringify(job.stagingPath)} as in its job`
  }
  return undefined
}

/**
 * Where a slice's counts do not add up: every record read is valid, invalid or filtered
 * (`recordsIn + added = valid + invalid + filtered`), only valid records count as output, and
 * only invalid ones can be unrouted. A report that does not reconcile is not a success.
 */
export function countsMismatch(r: SliceCounts): string | undefined {
  if (r.recordsIn + r.added !== r.valid + r.invalid + r.filtered)
    return `counts do not reconcile: recordsIn ${r.recordsIn} + added ${r.added} ≠ valid ${r.valid} + invalid ${r.invalid} + filtered ${r.filtered}`
  if (r.recordsOut > r.valid)
    return `recordsOut: ${r.recordsOut} exceeds the ${r.valid} valid record(s)`
  if (r.unrouted > r.invalid)
    return `unrouted: ${r.unrouted} exceeds the ${r.invalid} invalid record(s)`
  return undefined
}

function mib(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`
}
