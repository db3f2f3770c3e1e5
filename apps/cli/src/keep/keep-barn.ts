import { existsSync } from 'node:fs'
import path from 'node:path'
import {
  BARN_DIR,
  barnExists,
  describeLockHolder,
  lockHolderOf,
  openBarn,
  osActor,
  type Barn,
} from '@runink/store'
import type { CliIo } from '../cli-io.js'
import { auditKeyDirOf } from '../commands/audit-key-dir.js'
import { lendBarn } from '../serve/held-barns.js'
import { serveReadOnly, type AnswerCommand, type ReadOnlyServer } from '../serve/serve-read-only.js'

/** The argument that makes `runi` the process keeping a Barn open (never typed by users). */
export const KEEP_BARN_COMMAND = '__keep-barn'

/** Options of the keeper process. */
export interface KeepBarnOptions {
  readonly home: string
  /** Close after this long without a command to answer. */
  readonly idleMs: number
  /**
   * Wait this long before opening: a command that follows at once (a script) takes the Barn
   * itself and the keeper, finding it taken, leaves without having opened anything.
   */
  readonly startDelayMs?: number
  /** How often to look for idleness and for the Barn having been removed. */
  readonly checkMs?: number
}

const START_DELAY_MS = 300
const CHECK_MS = 1_000

/**
 * The process that keeps an embedded Barn open after a command, so that the next read-only
 * command in that folder is answered at once over the Barn's socket instead of opening the
 * database again (what dominates a short command). It holds the lock as a yielding holder: any
 * process that wants the Barn sends it SIGTERM and it closes. It also closes after idleMs
 * without a command, or when the Barn folder goes away. Never creates a Barn. Resolves to 0.
 */
export async function keepBarn(
  io: CliIo,
  answer: AnswerCommand,
  options: KeepBarnOptions,
): Promise<number> {
  const { home } = options
  const barnDir = path.join(home, BARN_DIR)
  await new Promise((r) => setTimeout(r, options.startDelayMs ?? START_DELAY_MS))
  if (!(await barnExists({ home })) || (await lockHolderOf(barnDir))) return 0
  let stop!: () => void
  const stopped = new Promise<void>((resolve) => (stop = resolve))
  process.once('SIGTERM', () => stop())
  process.once('SIGINT', () => stop())
  let barn: Barn
  try {
    barn = await openBarn({
      home,
      actor: osActor(),
      auditKeyDir: auditKeyDirOf(io.env),
      yieldsLock: true,
      lockTimeoutMs: 0,
    })
  } catch {
    // Taken meanwhile, or not openable: whoever comes next opens it (and says why) themselves.
    return 0
  }
  const unlend = lendBarn(home, barn)
  let active = 0
  let last = Date.now()
  let server: ReadOnlyServer | undefined
  const timer = setInterval(() => {
    if (!existsSync(path.join(barnDir, 'barn.lock'))) stop()
    else if (active === 0 && Date.now() - last >= options.idleMs) stop()
  }, options.checkMs ?? CHECK_MS)
  try {
    server = await serveReadOnly(barnDir, async (argv, served) => {
      active++
      try {
        return await answer(argv, served)
      } finally {
        active--
        last = Date.now()
      }
    })
    await describeLockHolder(barnDir, { socket: server.socket })
    await stopped
  } catch {
    // No socket here: nothing to answer on, so nothing to keep the Barn open for.
  } finally {
    clearInterval(timer)
    await describeLockHolder(barnDir, { socket: undefined }).catch(() => undefined)
    await server?.close().catch(() => undefined)
    unlend()
    await barn.close().catch(() => undefined)
  }
  return 0
}
