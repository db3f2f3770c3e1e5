import pc from 'picocolors'
import type { CliIo } from './cli-io.js'

/** Colour functions: real ones on a TTY (unless NO_COLOR), identity otherwise. */
export type Colors = ReturnType<typeof pc.createColors>

/** Colours for a stream, enabled only when it is a terminal. */
export function colorsFor(io: CliIo, stream: 'stdout' | 'stderr' = 'stdout'): Colors {
  const enabled =
    Boolean(io[stream].isTTY) && io.env.NO_COLOR === undefined && io.env.TERM !== 'dumb'
  return pc.createColors(enabled)
}

/** Writes one line to stdout. */
export function println(io: CliIo, text = ''): void {
  io.stdout.write(`${text}\n`)
}

/** Writes a value as pretty JSON to stdout. */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}

/** Writes one line to stderr. */
export function eprintln(io: CliIo, text: string): void {
  io.stderr.write(`${text}\n`)
}
