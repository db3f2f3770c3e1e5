import { isRuninkError } from '@runink/core'
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

async function readJob(): Promise<SliceJob> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as SliceJob
}

/**
 * What a slice process does (inside its sandbox): reads one SliceJob as JSON from stdin, runs
 * it, writes log lines as JSON to stderr and, last, one result line to stdout:
 * `{"ok":true,"report":…}` or `{"ok":false,"error":{code,message,details}}`. It waits for its
 * job, so a launcher can start it ahead of demand (pre-spawned) and hand the job over later.
 */
export async function runSliceHost(): Promise<void> {
  // stdout carries only the result line (the host reads at most SLICE_STREAM_LIMITS.resultBytes
  // of it): a step's console output goes to stderr, where logs belong.
  for (const level of ['log', 'info', 'debug'] as const) console[level] = console.error
  const job = await readJob()
  try {
    let last = 0
    const report = await runSlice(job, {
      log,
      inputContract: job.inputContract,
      onProgress: (counts) => {
        const now = Date.now()
        if (now - last < 200) return
        last = now
        process.stderr.write(`${JSON.stringify({ progress: counts })}\n`)
      },
    })
    process.stdout.write(`${JSON.stringify({ ok: true, report })}\n`)
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
    process.stdout.write(
      `${JSON.stringify({ ok: false, error: fitError(e), ...(report ? { report } : {}) })}\n`,
    )
    process.exitCode = 1
  }
}
