/** What a command in another terminal asks of a running `runi run`: one JSON line. */
export interface BarnRequest {
  readonly argv: readonly string[]
  readonly cwd: string
  readonly env: Readonly<Record<string, string>>
  /** Whether the asker's stdout and stderr are terminals (colours, tables). */
  readonly tty: { readonly stdout: boolean; readonly stderr: boolean }
}

/** What comes back, one JSON line each: output as it is written, then the exit code. */
export type BarnReply = { readonly fd: 1 | 2; readonly data: string } | { readonly exit: number }

/** The longest request line taken: argv, cwd and environment fit easily. */
export const MAX_REQUEST_BYTES = 1024 * 1024

/** Parses a request line, or says why it is not one. */
export function parseBarnRequest(line: string): BarnRequest | string {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return 'not JSON'
  }
  const r = value as Partial<BarnRequest> | null
  const strings = (xs: unknown): boolean =>
    Array.isArray(xs) && xs.every((x) => typeof x === 'string')
  if (
    !r ||
    !strings(r.argv) ||
    typeof r.cwd !== 'string' ||
    typeof r.env !== 'object' ||
    r.env === null ||
    !strings(Object.values(r.env)) ||
    typeof r.tty !== 'object' ||
    r.tty === null
  )
    return 'needs argv, cwd, env and tty'
  return {
    argv: r.argv as string[],
    cwd: r.cwd,
    env: r.env,
    tty: { stdout: r.tty.stdout === true, stderr: r.tty.stderr === true },
  }
}
