import { RuninkError } from '@runink/core'
import { StoreErrors, type LockHolder } from '@runink/store'

/**
 * The embedded Barn a command needs is held by a running `runi run`. Said at once (not after
 * the lock's 10 s wait), with how to watch the run; a read-only command that the run answers
 * over its socket is sent there instead ({@link forwardCommand}).
 */
export class BarnHeldError extends RuninkError {
  constructor(
    readonly home: string,
    readonly holder: LockHolder,
  ) {
    const message = holder.runId
      ? `the Barn in ${home} is held by run ${holder.runId} (pid ${holder.pid}); watch it in that terminal, with runi runs, status, logs, lineage, dataset list|show|versions or audit log|verify (answered by the run), or use PostgreSQL: RUNINK_DATABASE_URL=postgres://…`
      : `the Barn in ${home} is held by pid ${holder.pid} (${holder.command}), which answers runi runs, status, logs, lineage, dataset list|show|versions, audit log|verify and herd list; stop it to do anything else here, or use PostgreSQL: RUNINK_DATABASE_URL=postgres://…`
    super(StoreErrors.RUNINK_STORE_LOCKED, message, { details: { home, holder }, retryable: true })
    this.name = 'BarnHeldError'
  }
}
