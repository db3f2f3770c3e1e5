import { isRuninkError } from '@runink/core'
import {
  parseMessageLine,
  SLICE_RESULT,
  sliceJobSchema,
  sliceProgressLine,
  type Parsed,
} from '@runink/protocol'
import { fitError } from './fit-error.js'
import { failureReportOf, runSlice } from './run-slice.js'
import type { SliceJob } from './slice-job.js'
import type { StepLogger } from './define-step.js'

const log: StepLogger = {
  info: (message, fields) => emit('info', message, fields),
  warn: (message, fields) => emit('warn', message, fields),
  error: (message, fields) => emit('error', message, fields),
}

function emit(level: string, message: string, fields?: Record<string, unknown>): void {
  process.stderr.write(`${JSON.stringify({ level, message, ...fields })}\n`)
}

/** The boundary a slice job crosses, as a refusal names it. */
const JOB_BOUNDARY = 'slice job (host → slice)'

/**
 * Parses a slice job as the slice host receives it: the protocol's schema (version, type and
 * every field) decides. The contracts in it are checked in full where they are compiled.
 */
export function parseSliceJob(text: string): Parsed<SliceJob> {
  return parseMessageLine(sliceJobSchema, text, JOB_BOUNDARY) as Parsed<SliceJob>
}

async function readJob(): Promise<Parsed<SliceJob>> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return parseSliceJob(Buffer.concat(chunks).toString('utf8'))
}

function result(value: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ ...SLICE_RESULT, ...value })}\n`)
}

/**
 * What a slice process does (inside its sandbox): reads one SliceJob as JSON from stdin, runs
 * it, writes log lines as JSON to stderr and, last, one result line to stdout:
 * a `slice-result` message (see @runink/protocol): `{"ok":true,"report":…}` or
 * `{"ok":false,"error":{code,message,details}}`. It waits for its
 * job, so a launcher can start it ahead of demand (pre-spawned) and hand the job over later.
 */
export async function runSliceHost(): Promise<void> {
  // stdout carries only the result line (the host reads at most SLICE_STREAM_LIMITS.resultBytes
  // of it): a step's console output goes to stderr, where logs belong.
  for (const level of ['log', 'info', 'debug'] as const) console[level] = console.error
  const parsed = await readJob()
  if (!parsed.ok) {
    // A malformed job runs nothing: the host learns why from the result line.
    const e = parsed.error.toJSON()
    emit('error', e.message, { code: e.code })
    result({ ok: false, error: fitError(e) })
    process.exitCode = 1
    return
  }
  const job = parsed.value
  try {
    let last = 0
    const report = await runSlice(job, {
      log,
      inputContract: job.inputContract,
      onProgress: (counts) => {
        const now = Date.now()
        if (now - last < 200) return
        last = now
        process.stderr.write(`${sliceProgressLine(counts)}\n`)
      },
    })
    result({ ok: true, report })
  } catch (error) {
    const e = isRuninkError(error)
      ? error.toJSON()
      : {
          code: 'RUNINK_STAGE_STEP_FAILED',
          message: error instanceof Error ? error.message : String(error),
          details: {},
        }
    // The error in the slice's log too (`runi logs`), with its record number when it has one.
    emit('error', e.message, { code: e.code })
    // Its counts and evidence so far go with the error: a failed stage keeps them.
    const report = failureReportOf(error)
    result({ ok: false, error: fitError(e), ...(report ? { report } : {}) })
    process.exitCode = 1
  }
}
