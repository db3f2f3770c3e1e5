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
    const by = holder.runId ? `run ${holder.runId} (pid ${holder.pid})` : `pid ${holder.pid}`
    super(
      StoreErrors.RUNINK_STORE_LOCKED,
      `the Barn in ${home} is held by ${by}; watch it in that terminal, with runi runs, status, logs, lineage, dataset list|show|versions or audit log|verify (answered by the run), or use PostgreSQL: RUNINK_DATABASE_URL=postgres://…`,
      { details: { home, holder }, retryable: true },
    )
    this.name = 'BarnHeldError'
  }
}
