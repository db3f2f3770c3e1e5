import path from 'node:path'
import type { SliceExit } from '../sandbox/index.js'
import { parseSliceResult } from './parse-slice-output.js'
import type { SliceOutcome } from './slice-runner.js'

/** Reasons a retry can cure: a crash, a kill, a timeout. Memory and pids limits come back. */
const RETRYABLE = new Set(['timeout', 'killed', 'failed'])

/** What a slice's exit and its stdout mean for the stage. */
export function outcomeOf(exit: SliceExit, stdout: string, stagingDir: string): SliceOutcome {
  const result =
    exit.reason === 'ok' || exit.reason === 'failed' ? parseSliceResult(stdout) : undefined
  const extra = exit.peakMemoryBytes === undefined ? {} : { peakMemoryBytes: exit.peakMemoryBytes }
  if (result?.ok) {
    // Sink paths in the job are relative to the slice's staging folder: make them absolute.
    const sinks = result.report.sinks.map((s) => ({
      ...s,
      stagingPath: path.resolve(stagingDir, s.stagingPath),
    }))
    return {
      ok: true,
      report: { ...result.report, sinks },
      isolation: exit.isolation,
      stagingDir,
      ...extra,
    }
  }
  if (result) {
    return {
      ok: false,
      end: 'failed',
      code: result.error.code,
      message: result.error.message,
      isolation: exit.isolation,
      retryable: false,
      stagingDir,
    }
  }
  return {
    ok: false,
    end: exit.reason === 'ok' ? 'failed' : exit.reason,
    code: `RUNINK_SLICE_${exit.reason.toUpperCase()}`,
    message:
      exit.reason === 'failed' || exit.reason === 'ok'
        ? `slice process ${exit.message} before reporting a result`
        : exit.message,
    isolation: exit.isolation,
    retryable: RETRYABLE.has(exit.reason),
    stagingDir,
  }
}
