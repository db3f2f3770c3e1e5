import { appendAudit } from '../../audit/audit-repo.js'
import type { BarnContext } from '../../barn-context.js'
import { currentProcess, ownerAlive } from '../../lock/process-alive.js'
import { RunStatus } from './status.js'

const UNFINISHED = [RunStatus.queued, RunStatus.running]

/**
 * Marks `abandoned` every running run whose owner process, on this host, is gone (or whose pid
 * now belongs to a process that started later) — and its
 * unfinished stage runs and slices. Runs owned by other hosts are left to their hosts.
 * Returns the ids of the runs it abandoned.
 */
export async function recoverAbandoned(
  ctx: BarnContext,
  alive: (pid: number, startedAt: Date | null) => boolean = ownerAlive,
): Promise<string[]> {
  const me = currentProcess()
  const running = await ctx.db
    .selectFrom('runs')
    .selectAll()
    .where('status', '=', RunStatus.running)
    .where('owner_host', '=', me.host)
    .execute()
  const dead = running.filter(
    (r) =>
      r.owner_pid !== null && r.owner_pid !== me.pid && !alive(r.owner_pid, r.owner_started_at),
  )
  for (const run of dead) {
    await ctx.db.transaction().execute(async (trx) => {
      const now = ctx.clock.now()
      const error = `owner process ${run.owner_pid} on ${run.owner_host} is gone`
      await trx
        .updateTable('runs')
        .set({ status: RunStatus.abandoned, finished_at: now, error })
        .where('id', '=', run.id)
        .where('status', '=', RunStatus.running)
        .execute()
      await trx
        .updateTable('stage_runs')
        .set({ status: RunStatus.abandoned, finished_at: now })
        .where('run_id', '=', run.id)
        .where('status', 'in', UNFINISHED)
        .execute()
      await trx
        .updateTable('slices')
        .set({ status: RunStatus.abandoned, finished_at: now })
        .where('run_id', '=', run.id)
        .where('status', 'in', UNFINISHED)
        .execute()
      await appendAudit(ctx, trx, {
        action: 'run.abandoned',
        resource: `run/${run.id}`,
        herd: run.herd,
        actor: 'system',
        payload: { from: RunStatus.running, ownerPid: run.owner_pid, ownerHost: run.owner_host },
      })
    })
  }
  return dead.map((r) => r.id)
}
