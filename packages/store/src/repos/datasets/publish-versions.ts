import { checkDatasetName, formatDatasetRef, RuninkError } from '@runink/core'
import { appendAudit } from '../../audit/audit-repo.js'
import type { BarnContext, Db } from '../../barn-context.js'
import { toNumber } from '../../db/schema.js'
import { StoreErrors } from '../../errors.js'
import { DEFAULT_HERD, ensureHerd } from '../governance/herds-repo.js'
import { toVersion, type DatasetVersion } from './dataset-version.js'

/** What describes a version being published (the bytes are already in the object store). */
export interface PublishVersion {
  readonly name: string
  readonly objectKey: string
  readonly format: string
  readonly recordCount: number
  readonly contractHash?: string | null
  readonly herd?: string
  readonly runId?: string | null
  readonly stageRunId?: string | null
  readonly actor?: string
}

/** A version ready to be inserted: its name checked, its object found and sized. */
export interface CheckedVersion extends PublishVersion {
  readonly herd: string
  readonly size: number
}

/**
 * Checks each version's name and that its object is in the store (RUNINK_STORE_OBJECT_MISSING
 * otherwise), before any transaction, so no version can point at missing bytes.
 */
export async function checkPublishable(
  ctx: BarnContext,
  inputs: readonly PublishVersion[],
): Promise<CheckedVersion[]> {
  const checked: CheckedVersion[] = []
  for (const input of inputs) {
    const name = checkDatasetName(input.name)
    const stat = await ctx.objects.stat(input.objectKey)
    if (!stat) {
      throw new RuninkError(
        StoreErrors.RUNINK_STORE_OBJECT_MISSING,
        `cannot publish ${name}: object ${input.objectKey} is not in the ${ctx.objects.kind} store`,
        {
          details: { name, objectKey: input.objectKey },
        },
      )
    }
    checked.push({ ...input, name, herd: input.herd ?? DEFAULT_HERD, size: stat.size })
  }
  return checked
}

/**
 * Inserts the next version of each dataset, audited, inside the caller's transaction; returns
 * them in input order. Each dataset's row is created or locked first (a conflict's DO UPDATE
 * takes its row lock), all of them in one order (herd, then name), so concurrent publishers
 * are numbered 1, 2, 3… per dataset without gaps or clashes and never wait on each other in a
 * cycle; each max() runs after its lock with a fresh snapshot. Two versions of one dataset in
 * one call are numbered in input order.
 */
export async function insertVersions(
  ctx: BarnContext,
  trx: Db,
  inputs: readonly CheckedVersion[],
): Promise<DatasetVersion[]> {
  const now = ctx.clock.now()
  const keyOf = (v: CheckedVersion): string => JSON.stringify([v.herd, v.name])
  const datasets = new Map<string, string>()
  const order = [...new Map(inputs.map((v) => [keyOf(v), v])).values()].sort((a, b) =>
    a.herd === b.herd ? compare(a.name, b.name) : compare(a.herd, b.herd),
  )
  for (const v of order) {
    await ensureHerd(ctx, trx, v.herd, v.actor)
    const dataset = await trx
      .insertInto('datasets')
      .values({ id: ctx.ids.next(), herd: v.herd, name: v.name, created_at: now })
      .onConflict((oc) =>
        oc.columns(['herd', 'name']).doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })),
      )
      .returning('id')
      .executeTakeFirstOrThrow()
    datasets.set(keyOf(v), dataset.id)
  }
  const published: DatasetVersion[] = []
  for (const input of inputs) {
    const datasetId = datasets.get(keyOf(input))!
    const last = await trx
      .selectFrom('dataset_versions')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('dataset_id', '=', datasetId)
      .executeTakeFirst()
    const row = await trx
      .insertInto('dataset_versions')
      .values({
        id: ctx.ids.next(),
        dataset_id: datasetId,
        herd: input.herd,
        name: input.name,
        version: toNumber(last?.v) + 1,
        content_hash: `sha256:${input.objectKey}`,
        contract_hash: input.contractHash ?? null,
        size: input.size,
        record_count: input.recordCount,
        format: input.format,
        object_key: input.objectKey,
        run_id: input.runId ?? null,
        stage_run_id: input.stageRunId ?? null,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await appendAudit(ctx, trx, {
      action: 'dataset.publish',
      resource: formatDatasetRef(row),
      herd: input.herd,
      actor: input.actor,
      payload: {
        contentHash: row.content_hash,
        contractHash: row.contract_hash,
        runId: row.run_id,
        size: input.size,
      },
    })
    published.push(toVersion(row))
  }
  return published
}

/** Code-point order, the same on every machine (no locale). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
