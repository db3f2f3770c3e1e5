import type { PendingFile } from '@runink/protocol'
import { rename } from 'node:fs/promises'
import { RuninkError } from '@runink/core'
import type { Kysely, Transaction } from 'kysely'
import type { BarnContext, Db } from '../../barn-context.js'
import type { BarnSchema } from '../../db/schema.js'
import { StoreErrors } from '../../errors.js'
import { CacheRepo, type CacheKeyParts } from './cache-repo.js'
import { commitTempOf, removeCommitTemp } from './committed-file.js'
import type { DatasetVersion } from './dataset-version.js'
import { checkPublishable, insertVersions, type PublishVersion } from './publish-versions.js'
import { StagesRepo } from '../runs/stages-repo.js'
import { RunStatus } from '../runs/status.js'

/** The pending_file_commits table (migration 6). */
export type PendingFileCommitsTable = {
  pending_file_commits: {
    id: string
    run_id: string
    stage_run_id: string
    target: string
    temp: string
    object_key: string | null
    committed: boolean
    created_at: Date
  }
}

/** The Barn's schema with the pending file commits table. */
export type WithPendingFiles = BarnSchema & PendingFileCommitsTable

/** The database, or a transaction, that also sees pending_file_commits. */
export function pendingFilesDb(db: Db): Kysely<WithPendingFiles> | Transaction<WithPendingFiles> {
  return db.withTables<PendingFileCommitsTable>()
}

export type { PendingFile } from '@runink/protocol'

/** What a stage commits as one unit. */
export interface StageCommit {
  readonly stageRunId: string
  /** One per sink; their objects are in the store already. */
  readonly versions: readonly PublishVersion[]
  /** The stage's prepared file sinks (every one), each with the object holding its bytes. */
  readonly files: ReadonlyArray<{ readonly id: string; readonly objectKey: string }>
  /** Records the outputs in the cache under these parts, for this slice. */
  readonly cache?: {
    readonly parts: CacheKeyParts
    readonly sliceId: string
    readonly herd?: string
  }
}

/**
 * A stage's outputs published as one unit. A stage's file sinks are prepared first (a row each,
 * not committed, naming a temporary file beside the target that the caller then writes); then
 * {@link commit} creates every dataset version, moves the stage run to `succeeded`, records the
 * cache entry and marks the file rows committed, all in ONE transaction; only after it are the
 * files renamed into place ({@link finishFiles}). A process killed before the transaction leaves
 * no version and, once the Barn is opened again, no file; one killed after it has its files put
 * in place on that open (see recoverFileCommits).
 */
export class StageCommitsRepo {
  constructor(private readonly ctx: BarnContext) {}

  /** Records the stage's file sinks before their bytes are written; returns where to write. */
  async prepareFiles(input: {
    runId: string
    stageRunId: string
    targets: readonly string[]
  }): Promise<PendingFile[]> {
    if (input.targets.length === 0) return []
    const now = this.ctx.clock.now()
    const files = input.targets.map((target) => ({
      id: this.ctx.ids.next(),
      target,
      temp: commitTempOf(target),
    }))
    await pendingFilesDb(this.ctx.db)
      .insertInto('pending_file_commits')
      .values(
        files.map((f) => ({
          id: f.id,
          run_id: input.runId,
          stage_run_id: input.stageRunId,
          target: f.target,
          temp: f.temp,
          object_key: null,
          committed: false,
          created_at: now,
        })),
      )
      .execute()
    return files
  }

  /**
   * In one transaction: the next version of each sink's dataset (gap-free under concurrent
   * stages), the stage run's move to `succeeded`, the cache entry and the file rows marked
   * committed. Everything or nothing: on any error nothing of it is visible. Returns the
   * versions in the order given.
   */
  async commit(input: StageCommit): Promise<DatasetVersion[]> {
    const checked = await checkPublishable(this.ctx, input.versions)
    const versions = await this.ctx.db.transaction().execute(async (trx) => {
      // The repositories below run their statements on this transaction (none opens its own).
      const inTrx: BarnContext = { ...this.ctx, db: trx }
      const published = await insertVersions(this.ctx, trx, checked)
      const pending = pendingFilesDb(trx)
      for (const file of input.files) {
        const marked = await pending
          .updateTable('pending_file_commits')
          .set({ committed: true, object_key: file.objectKey })
          .where('id', '=', file.id)
          .where('stage_run_id', '=', input.stageRunId)
          .returning('id')
          .executeTakeFirst()
        if (!marked) {
          throw new RuninkError(
            StoreErrors.RUNINK_STORE_NOT_FOUND,
            `stage run ${input.stageRunId} has no prepared file commit ${file.id}`,
            { details: { stageRunId: input.stageRunId, id: file.id } },
          )
        }
      }
      const unmarked = await pending
        .selectFrom('pending_file_commits')
        .select('target')
        .where('stage_run_id', '=', input.stageRunId)
        .where('committed', '=', false)
        .executeTakeFirst()
      if (unmarked) {
        throw new RuninkError(
          StoreErrors.RUNINK_STORE_BAD_TRANSITION,
          `stage run ${input.stageRunId} commits without its file sink ${unmarked.target}`,
          { details: { stageRunId: input.stageRunId, target: unmarked.target } },
        )
      }
      await new StagesRepo(inTrx).transition(input.stageRunId, RunStatus.succeeded)
      if (input.cache) {
        const { parts, sliceId, herd } = input.cache
        await new CacheRepo(inTrx).record(
          parts,
          sliceId,
          published.map((v) => v.id),
          ...(herd !== undefined ? [herd] : []),
        )
      }
      return published
    })
    // The versions' audit entries are committed: the checkpoint outside the Barn covers them.
    await this.ctx.seal?.advance(this.ctx.db)
    return versions
  }

  /**
   * Renames a committed stage's file sinks into place and forgets them. A file that cannot be
   * renamed keeps its row (the next open puts it in place) and is named in the error thrown.
   */
  async finishFiles(stageRunId: string): Promise<void> {
    const db = pendingFilesDb(this.ctx.db)
    const rows = await db
      .selectFrom('pending_file_commits')
      .selectAll()
      .where('stage_run_id', '=', stageRunId)
      .where('committed', '=', true)
      .orderBy('target')
      .execute()
    const failed: string[] = []
    for (const row of rows) {
      try {
        await rename(row.temp, row.target)
      } catch (error) {
        failed.push(`${row.target}: ${(error as Error).message}`)
        continue
      }
      await db.deleteFrom('pending_file_commits').where('id', '=', row.id).execute()
    }
    if (failed.length > 0) {
      throw new RuninkError(
        StoreErrors.RUNINK_STORE_FILE_COMMIT_PENDING,
        `the stage's outputs are published, but ${failed.length === 1 ? 'a file' : 'files'} could not be put in place (the next runi command in this project retries): ${failed.join('; ')}`,
        { details: { stageRunId, failed } },
      )
    }
  }

  /** Removes the temporary files and rows of a stage that did not commit. */
  async rollbackFiles(stageRunId: string): Promise<void> {
    const db = pendingFilesDb(this.ctx.db)
    const rows = await db
      .selectFrom('pending_file_commits')
      .selectAll()
      .where('stage_run_id', '=', stageRunId)
      .where('committed', '=', false)
      .execute()
    for (const row of rows) {
      await removeCommitTemp(row)
      await db.deleteFrom('pending_file_commits').where('id', '=', row.id).execute()
    }
  }
}
