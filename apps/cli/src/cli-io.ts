import type { Writable } from 'node:stream'

/** Everything a command touches of the outside world, injected so tests can drive the CLI. */
export interface CliIo {
  readonly stdout: Writable & { isTTY?: boolean }
  readonly stderr: Writable & { isTTY?: boolean }
  readonly cwd: string
  readonly env: Readonly<Record<string, string | undefined>>
}

/** The real process's streams, directory and environment (the one place env is read). */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env }
}
