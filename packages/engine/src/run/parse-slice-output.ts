import type { SliceFailureReport, SliceReport } from '../stage/index.js'
import { schemaProblem, sliceProgressSchema, sliceResultSchema } from './slice-message-schema.js'

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
  | { readonly kind: 'malformed'; readonly problem: string }

/**
 * Parses the slice host's result line (the last line of its stdout) against its schema. A
 * slice is hostile: anything that is not exactly a result, with sane numbers, is malformed.
 */
export function parseSliceResult(stdout: string): ParsedSliceResult {
  const line = stdout.trimEnd().split('\n').pop()?.trim()
  if (!line) return { kind: 'none' }
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return { kind: 'malformed', problem: 'its last stdout line is not JSON' }
  }
  const parsed = sliceResultSchema.safeParse(value)
  if (!parsed.success)
    return { kind: 'malformed', problem: schemaProblem(parsed.error, ['report']) }
  return { kind: 'result', result: parsed.data as SliceResult }
}

/** A line of a slice's stderr: a progress update, a log line, or a malformed progress line. */
export type SliceLogLine =
  | { readonly progress: { recordsIn: number; recordsOut: number; invalid: number } }
  | { readonly text: string }
  | { readonly malformed: string }

/**
 * Splits a slice's stderr line into a progress update or a log line. A line that starts like
 * a progress message must be one (checked against its schema); any other line is text.
 */
export function parseSliceLog(line: string): SliceLogLine {
  if (!line.startsWith('{"progress"')) return { text: line }
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return { malformed: 'a progress line is not JSON' }
  }
  const parsed = sliceProgressSchema.safeParse(value)
  if (!parsed.success) return { malformed: `a progress line: ${schemaProblem(parsed.error)}` }
  return { progress: parsed.data.progress }
}
