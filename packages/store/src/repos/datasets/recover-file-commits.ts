import type { BarnContext } from '../../barn-context.js'
import { currentProcess } from '../../lock/process-alive.js'
import { placeCommittedFile, removeCommitTemp } from './committed-file.js'
import { pendingFilesDb } from './stage-commits-repo.js'
import { RunStatus } from '../runs/status.js'

/** What became of one file sink a killed process left between its commit and its rename. */
export interface RecoveredFile {
  readonly runId: string
  readonly target: string
  /**
   * `placed`: committed, now in place (from its temporary file or the object store);
   * `removed`: its stage never committed, its temporary file is gone; `failed`: left for the
   * next open, with the reason.
   */
  readonly outcome: 'placed' | 'removed' | 'failed'
  readonly error?: string
}

/**
 * Finishes the file commits of runs that are over (ended, or abandoned because their owner
 * died) on this host: a committed stage's files are put in place, an uncommitted stage's
 * temporary files are removed. Runs still running, and other hosts' runs (their paths are on
 * their machines), are left alone. A file that cannot be finished keeps its row for next time.
 */
export async function recoverFileCommits(ctx: BarnContext): Promise<RecoveredFile[]> {
  const db = pendingFilesDb(ctx.db)
  const me = currentProcess()
  const rows = await db
    .selectFrom('pending_file_commits as p')
    .innerJoin('runs as r', 'r.id', 'p.run_id')
    .select(['p.id', 'p.run_id', 'p.target', 'p.temp', 'p.object_key', 'p.committed'])
    .where('r.status', 'not in', [RunStatus.queued, RunStatus.running])
    .where((eb) => eb.or([eb('r.owner_host', '=', me.host), eb('r.owner_host', 'is', null)]))
    .orderBy('p.created_at')
    .orderBy('p.id')
    .execute()
  const out: RecoveredFile[] = []
  for (const row of rows) {
    const base = { runId: row.run_id, target: row.target }
    try {
      if (row.committed && row.object_key !== null) {
        await placeCommittedFile(ctx.objects, { ...row, objectKey: row.object_key })
        out.push({ ...base, outcome: 'placed' })
      } else {
        await removeCommitTemp(row)
        out.push({ ...base, outcome: 'removed' })
      }
    } catch (error) {
      out.push({ ...base, outcome: 'failed', error: (error as Error).message })
      continue
    }
    await db.deleteFrom('pending_file_commits').where('id', '=', row.id).execute()
  }
  return out
}
