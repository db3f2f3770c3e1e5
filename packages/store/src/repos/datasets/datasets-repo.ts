import type { DatasetVersion as ProtocolDatasetVersion } from '@runink/protocol'
import {
  checkDatasetName,
  formatDatasetRef,
  parseDatasetRef,
  RuninkError,
  type DatasetRef,
} from '@runink/core'
import type { Kysely, Selectable } from 'kysely'
import type { Readable } from 'node:stream'
import { appendAudit } from '../../audit/audit-repo.js'
import type { BarnContext, Db } from '../../barn-context.js'
import { toNumber, type BarnSchema } from '../../db/schema.js'
import { StoreErrors } from '../../errors.js'
import type { ObjectBody, ObjectCheck } from '../../objects/object-store.js'
import { ensureHerd, DEFAULT_HERD } from '../governance/herds-repo.js'
import { notFound } from '../not-found.js'
import { datasetNotFound } from './dataset-not-found.js'

/** An immutable, numbered version of a dataset: protocol's, with where and when it was made. */
export interface DatasetVersion extends ProtocolDatasetVersion {
  readonly herd: string
  readonly runId: string | null
  readonly stageRunId: string | null
  readonly createdAt: Date
}

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

/** Which versions {@link DatasetsRepo.verify} reads: all herds, names and versions by default. */
export interface DatasetVerifyFilter {
  readonly herd?: string
  readonly name?: string
  readonly version?: number
}

/** A version whose object is missing or does not hash to its key. */
export interface BadVersion {
  readonly version: DatasetVersion
  readonly check: Exclude<ObjectCheck, { state: 'ok' }>
}

/** The outcome of {@link DatasetsRepo.verify}. */
export interface DatasetVerification {
  /** Versions checked. */
  readonly checked: number
  /** Distinct objects read. */
  readonly objects: number
  readonly bad: readonly BadVersion[]
}

/** A dataset with its latest version. */
export interface DatasetSummary {
  readonly herd: string
  readonly name: string
  readonly versions: number
  readonly latest: DatasetVersion | null
}

/** Maps a dataset_versions row. */
export function toVersion(r: Selectable<BarnSchema['dataset_versions']>): DatasetVersion {
  return {
    id: r.id,
    herd: r.herd,
    name: r.name,
    version: r.version,
    ref: formatDatasetRef(r),
    contentHash: r.content_hash,
    contractHash: r.contract_hash,
    size: toNumber(r.size),
    recordCount: toNumber(r.record_count),
    format: r.format,
    objectKey: r.object_key,
    runId: r.run_id,
    stageRunId: r.stage_run_id,
    createdAt: r.created_at,
  }
}

/** The dataset versions stored under an object key, for messages (`dataset://a@1, …`). */
export async function datasetLabelOf(
  db: Kysely<BarnSchema>,
  key: string,
): Promise<string | undefined> {
  const rows = await db
    .selectFrom('dataset_versions')
    .select(['herd', 'name', 'version'])
    .where('object_key', '=', key)
    .orderBy('herd')
    .orderBy('name')
    .orderBy('version')
    .limit(6)
    .execute()
  if (rows.length === 0) return undefined
  const names = rows
    .slice(0, 5)
    .map((r) => formatDatasetRef(r) + (r.herd === DEFAULT_HERD ? '' : ` (herd ${r.herd})`))
  return names.join(', ') + (rows.length > 5 ? ', …' : '')
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

/** Datasets and their versions; bytes live in the object store, keyed by content hash. */
export class DatasetsRepo {
  constructor(private readonly ctx: BarnContext) {}

  /**
   * Records a new version of a dataset whose bytes are already stored. The object is checked
   * first, and the row is written in one transaction, so no version points at missing bytes.
   */
  async publish(input: PublishVersion): Promise<DatasetVersion> {
    const [checked] = await checkPublishable(this.ctx, [input])
    const [published] = await this.ctx.db
      .transaction()
      .execute((trx) => insertVersions(this.ctx, trx, [checked!]))
    // The publish's audit entry is committed: the checkpoint outside the Barn covers it now.
    await this.ctx.seal?.advance(this.ctx.db)
    return published!
  }

  /** Stores bytes in the object store, then publishes them as the next version. */
  async write(body: ObjectBody, input: Omit<PublishVersion, 'objectKey'>): Promise<DatasetVersion> {
    const put = await this.ctx.objects.put(body)
    return this.publish({ ...input, objectKey: put.key })
  }

  /** Resolves `dataset://name` (latest) or `dataset://name@3`; RUNINK_STORE_NOT_FOUND when absent. */
  async resolve(ref: string | DatasetRef, herd = DEFAULT_HERD): Promise<DatasetVersion> {
    const parsed = typeof ref === 'string' ? parseDatasetRef(ref) : ref
    let q = this.ctx.db
      .selectFrom('dataset_versions')
      .selectAll()
      .where('herd', '=', herd)
      .where('name', '=', parsed.name)
    q =
      parsed.version === undefined
        ? q.orderBy('version', 'desc').limit(1)
        : q.where('version', '=', parsed.version)
    const row = await q.executeTakeFirst()
    if (!row) throw await datasetNotFound(this.ctx.db, parsed, herd)
    return toVersion(row)
  }

  /** Streams a version's bytes. */
  async read(
    ref: string | DatasetRef,
    herd = DEFAULT_HERD,
  ): Promise<{ version: DatasetVersion; body: Readable }> {
    const version = await this.resolve(ref, herd)
    const label =
      version.herd === DEFAULT_HERD ? version.ref : `${version.ref} (herd ${version.herd})`
    return { version, body: await this.ctx.objects.get(version.objectKey, { label }) }
  }

  /**
   * Reads the bytes of every version matching the filter (all herds when none is named) and
   * checks them against their content hash; each object is read once however many versions
   * share it. Returns the versions checked and those whose object is missing or corrupt.
   */
  async verify(filter: DatasetVerifyFilter = {}): Promise<DatasetVerification> {
    let q = this.ctx.db.selectFrom('dataset_versions').selectAll()
    if (filter.herd !== undefined) q = q.where('herd', '=', filter.herd)
    if (filter.name !== undefined) q = q.where('name', '=', checkDatasetName(filter.name))
    if (filter.version !== undefined) q = q.where('version', '=', filter.version)
    const rows = await q.orderBy('herd').orderBy('name').orderBy('version').execute()
    if (filter.name !== undefined && rows.length === 0) {
      const ref = formatDatasetRef({
        name: filter.name,
        ...(filter.version !== undefined ? { version: filter.version } : {}),
      })
      throw notFound('dataset version', filter.herd ? `${ref} in herd ${filter.herd}` : ref)
    }
    const checks = new Map<string, Promise<ObjectCheck>>()
    const bad: BadVersion[] = []
    for (const row of rows) {
      const version = toVersion(row)
      let check = checks.get(version.objectKey)
      if (!check) {
        check = this.ctx.objects.verify(version.objectKey)
        checks.set(version.objectKey, check)
      }
      const result = await check
      if (result.state !== 'ok') bad.push({ version, check: result })
    }
    return { checked: rows.length, objects: checks.size, bad }
  }

  /** Every version of a dataset, oldest first. */
  async versions(name: string, herd = DEFAULT_HERD): Promise<DatasetVersion[]> {
    const rows = await this.ctx.db
      .selectFrom('dataset_versions')
      .selectAll()
      .where('herd', '=', herd)
      .where('name', '=', checkDatasetName(name))
      .orderBy('version')
      .execute()
    return rows.map(toVersion)
  }

  /** Datasets of a herd by name, each with its version count and latest version. */
  async list(herd = DEFAULT_HERD): Promise<DatasetSummary[]> {
    const rows = await this.ctx.db
      .selectFrom('dataset_versions')
      .selectAll()
      .where('herd', '=', herd)
      .orderBy('name')
      .orderBy('version')
      .execute()
    const byName = new Map<string, DatasetVersion[]>()
    for (const r of rows) byName.set(r.name, [...(byName.get(r.name) ?? []), toVersion(r)])
    return [...byName].map(([name, versions]) => ({
      herd,
      name,
      versions: versions.length,
      latest: versions.at(-1) ?? null,
    }))
  }

  /** Datasets of every herd, by herd then name, each with its version count and latest version. */
  async listAll(): Promise<DatasetSummary[]> {
    const herds = await this.ctx.db
      .selectFrom('dataset_versions')
      .select('herd')
      .distinct()
      .orderBy('herd')
      .execute()
    const all: DatasetSummary[] = []
    for (const { herd } of herds) all.push(...(await this.list(herd)))
    return all
  }

  /** The herds holding a dataset of this name, in name order. */
  async herdsOf(name: string): Promise<string[]> {
    const rows = await this.ctx.db
      .selectFrom('dataset_versions')
      .select('herd')
      .distinct()
      .where('name', '=', checkDatasetName(name))
      .orderBy('herd')
      .execute()
    return rows.map((r) => r.herd)
  }

  /** Versions a run wrote. */
  async writtenBy(runId: string): Promise<DatasetVersion[]> {
    const rows = await this.ctx.db
      .selectFrom('dataset_versions')
      .selectAll()
      .where('run_id', '=', runId)
      .orderBy('created_at')
      .orderBy('name')
      .execute()
    return rows.map(toVersion)
  }

  /** A version by its id. */
  async byId(id: string): Promise<DatasetVersion> {
    const row = await this.ctx.db
      .selectFrom('dataset_versions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    if (!row) throw notFound('dataset version', id)
    return toVersion(row)
  }

  /** Deletes an object only when no dataset version points at it; audited. */
  async deleteObjectIfUnreferenced(key: string, actor?: string): Promise<boolean> {
    const users = await this.ctx.db
      .selectFrom('dataset_versions')
      .select(['name', 'version'])
      .where('object_key', '=', key)
      .limit(1)
      .execute()
    const user = users[0]
    if (user) {
      throw new RuninkError(
        StoreErrors.RUNINK_STORE_OBJECT_REFERENCED,
        `object ${key} is used by ${formatDatasetRef(user)}`,
        {
          details: { key, ref: formatDatasetRef(user) },
        },
      )
    }
    const deleted = await this.ctx.objects.delete(key)
    if (deleted) {
      await this.ctx.db
        .transaction()
        .execute((trx) =>
          appendAudit(this.ctx, trx, { action: 'object.delete', resource: `object/${key}`, actor }),
        )
    }
    return deleted
  }
}
