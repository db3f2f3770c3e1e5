import {
  parseMessageLine,
  SLICE_PROGRESS_PREFIX,
  sliceProgressSchema,
  sliceResultSchema,
  type ProtocolError,
} from '@runink/protocol'
import type { SliceFailureReport, SliceReport } from '../stage/index.js'

/** The slice host's last stdout line. */
export type SliceResult =
  | { ok: true; report: SliceReport }
  | {
      ok: false
      error: { code: string; message: string; details?: Record<string, unknown> }
      /** Its counts and evidence when it failed (a failed stage keeps them). */
      report?: SliceFailureReport
    }

/** What a slice's stdout said: nothing (it crashed), a result, or something malformed. */
export type ParsedSliceResult =
  | { readonly kind: 'none' }
  | { readonly kind: 'result'; readonly result: SliceResult }
  | { readonly kind: 'malformed'; readonly problem: string; readonly error: ProtocolError }

/** The boundaries slice output crosses, as refusals name them. */
const RESULT_BOUNDARY = 'slice result (slice → host)'
const PROGRESS_BOUNDARY = 'slice progress (slice → host)'

/** A refusal's field and problem, the report's own fields named as in the report. */
function problemOf(error: ProtocolError): string {
  const field = error.details.field.replace(/^report(?=[.[])\.?/, '')
  const problem = error.details.problem === 'not JSON' ? 'is not JSON' : error.details.problem
  return field === '' ? problem : `${field}: ${problem}`
}

/**
 * Parses the slice host's result line (the last line of its stdout) against the protocol's
 * schema. A slice is hostile: anything that is not exactly a result, with sane numbers, is
 * malformed.
 */
export function parseSliceResult(stdout: string): ParsedSliceResult {
  const line = stdout.trimEnd().split('\n').pop()?.trim()
  if (!line) return { kind: 'none' }
  const parsed = parseMessageLine(sliceResultSchema, line, RESULT_BOUNDARY)
  if (!parsed.ok) {
    const problem =
      parsed.error.details.problem === 'not JSON'
        ? 'its last stdout line is not JSON'
        : problemOf(parsed.error)
    return { kind: 'malformed', problem, error: parsed.error }
  }
  const { ok, type: _type, version: _version, ...rest } = parsed.value
  return { kind: 'result', result: { ok, ...rest } as SliceResult }
}

/** A line of a slice's stderr: a progress update, a log line, or a malformed progress line. */
export type SliceLogLine =
  | { readonly progress: { recordsIn: number; recordsOut: number; invalid: number } }
  | { readonly text: string }
  | { readonly malformed: string; readonly error: ProtocolError }

/**
 * Splits a slice's stderr line into a progress update or a log line. A line that starts like
 * a progress message (SLICE_PROGRESS_PREFIX) must be one, checked against the protocol's
 * schema; any other line is text.
 */
export function parseSliceLog(line: string): SliceLogLine {
  if (!line.startsWith(SLICE_PROGRESS_PREFIX)) return { text: line }
  const parsed = parseMessageLine(sliceProgressSchema, line, PROGRESS_BOUNDARY)
  if (!parsed.ok) {
    const { field, problem } = parsed.error.details
    return {
      malformed:
        problem === 'not JSON'
          ? 'a progress line is not JSON'
          : `a progress line: ${field === '' ? problem : `${field}: ${problem}`}`,
      error: parsed.error,
    }
  }
  return { progress: parsed.value.progress }
}
