import type { SliceReport } from '../stage/index.js'

/** The slice host's last stdout line. */
export type SliceResult =
  | { ok: true; report: SliceReport }
  | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } }

/** Parses the slice host's result line, or undefined when it never wrote one (it crashed). */
export function parseSliceResult(stdout: string): SliceResult | undefined {
  const line = stdout.trimEnd().split('\n').pop()
  if (!line) return undefined
  try {
    const value = JSON.parse(line) as SliceResult
    return typeof value === 'object' && value !== null && 'ok' in value ? value : undefined
  } catch {
    return undefined
  }
}

/** Splits a slice's stderr line into a progress update or a log line. */
export function parseSliceLog(line: string): {
  progress?: { recordsIn: number; recordsOut: number; invalid: number }
  text: string
} {
  if (line.startsWith('{"progress":')) {
    try {
      return {
        progress: (
          JSON.parse(line) as {
            progress: { recordsIn: number; recordsOut: number; invalid: number }
          }
        ).progress,
        text: line,
      }
    } catch {
      return { text: line }
    }
  }
  return { text: line }
}
