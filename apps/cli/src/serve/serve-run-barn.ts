import path from 'node:path'
import { BARN_DIR, describeLockHolder, type Barn } from '@runink/store'
import type { CliContext } from '../cli-context.js'
import { eprintln } from '../output.js'
import { lendBarn } from './held-barns.js'
import { serveReadOnly, type ReadOnlyServer } from './serve-read-only.js'

/** What `runi run` keeps while it answers other terminals. */
export interface RunBarnServer {
  /** Records the run's id beside the lock, for the message other commands show. */
  runStarted(runId: string): void
  /** Stops answering (letting answers under way end) before the Barn is closed. */
  close(): Promise<void>
}

/**
 * While `runi run` holds an embedded Barn, answers read-only commands from other terminals over
 * a socket recorded beside the lock (a PostgreSQL Barn needs none: others open it themselves).
 * A socket that cannot be made is said on stderr; the run goes on, and others wait for the lock.
 */
export async function serveRunBarn(
  ctx: CliContext,
  home: string,
  barn: Barn,
): Promise<RunBarnServer> {
  if (barn.kind !== 'pglite') return { runStarted: () => undefined, close: async () => {} }
  const barnDir = path.join(home, BARN_DIR)
  const unlend = lendBarn(home, barn)
  let server: ReadOnlyServer | undefined
  try {
    server = await serveReadOnly(barnDir, ctx.answer)
    await describeLockHolder(barnDir, { socket: server.socket })
  } catch (error) {
    eprintln(
      ctx.io,
      `note: other terminals cannot watch this run (${(error as Error).message}); their Barn commands wait for it`,
    )
  }
  let closing: Promise<void> | undefined
  return {
    runStarted(runId) {
      void describeLockHolder(barnDir, { runId }).catch(() => undefined)
    },
    close() {
      closing ??= (async () => {
        try {
          // Commands arriving from now on wait for the lock instead of asking.
          await describeLockHolder(barnDir, { socket: undefined })
          await server?.close()
        } finally {
          unlend()
        }
      })()
      return closing
    },
  }
}
