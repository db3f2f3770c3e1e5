import path from 'node:path'
import { BARN_DIR, lockHolderOf } from '@runink/store'
import type { CliIo } from '../cli-io.js'
import { resolveArg } from '../resolve-arg.js'
import { forwardCommand } from '../serve/forward-command.js'
import { isForwardable } from '../serve/forwardable.js'

/** The `--home` a command line names (`--home dir` or `--home=dir`), if any. */
export function homeArgOf(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--') return undefined
    if (arg === '--home') return argv[i + 1]
    if (arg.startsWith('--home=')) return arg.slice('--home='.length)
  }
  return undefined
}

/**
 * Sends a read-only command to the process holding its embedded Barn and answering on a socket
 * (a running `runi run`, or the process keeping the Barn open after a command), before this
 * process loads or opens anything. Resolves to its exit code, or undefined when there is no
 * such holder or it answered nothing (the command then runs here).
 */
export async function forwardToHolder(
  argv: readonly string[],
  io: CliIo,
): Promise<number | undefined> {
  if (io.env.RUNINK_DATABASE_URL || !isForwardable(argv)) return undefined
  const home = homeArgOf(argv)
  const dir = home ? resolveArg(io, home) : io.cwd
  const holder = await lockHolderOf(path.join(dir, BARN_DIR)).catch(() => undefined)
  if (!holder?.socket || holder.pid === process.pid) return undefined
  return forwardCommand(holder.socket, argv, io)
}
