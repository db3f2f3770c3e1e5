import { RuninkError } from '@runink/core'
import type { Kysely, Selectable } from 'kysely'
import type { Readable } from 'node:stream'
import { appendAudit } from '../audit/audit-repo.js'
import type { BarnContext } from '../barn-context.js'
import { toNumber, type BarnSchema } from '../db/schema.js'
import { StoreErrors } from '../errors.js'
import type { ObjectBody, ObjectCheck } from '../objects/object-store.js'
import {
  checkDatasetName,
  formatDatasetRef,
  parseDatasetRef,
  type DatasetRef,
} from './dataset-ref.js'
import { ensureHerd, DEFAULT_HERD } from './herds-repo.js'
import { notFound } from './not-found.js'

/** An immutable, numbered version of a dataset. */
export interface DatasetVersion {
  readonly id: string
  readonly herd: string
  readonly name: string
  readonly version: number
  /** `dataset://name@version`. */
  readonly ref: string
  /** `sha256:<hex>` of the bytes; the object key is the hex. */
  readonly contentHash: string
  readonly contractHash: string | null
  readonly size: number
  readonly recordCount: number
  readonly format: string
  readonly objectKey: string
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

/** Datasets and their versions; bytes live in the object store, keyed by content hash. */
export class DatasetsRepo {
  constructor(private readonly ctx: BarnContext) {}

  /**
   * Records a new version of a dataset whose bytes are already stored. The object is checked
   * first, and the row is written in one transaction, so no version points at missing bytes.
   */
  async publish(input: PublishVersion): Promise<DatasetVersion> {
    const name = checkDatasetName(input.name)
    const herd = input.herd ?? DEFAULT_HERD
    const stat = await this.ctx.objects.stat(input.objectKey)
    if (!stat) {
      throw new RuninkError(
        StoreErrors.RUNINK_STORE_OBJECT_MISSING,
        `cannot publish ${name}: object ${input.objectKey} is not in the ${this.ctx.objects.kind} store`,
        {
          details: { name, objectKey: input.objectKey },
        },
      )
    }
    const published = await this.ctx.db.transaction().execute(async (trx) => {
      await ensureHerd(this.ctx, trx, herd, input.actor)
      const now = this.ctx.clock.now()
      // Creates the dataset row or locks the existing one (a conflict's DO UPDATE takes its row
      // lock), in one statement: the lock numbers concurrent publishers 1, 2, 3… without gaps or
      // clashes, and the max() below runs after it with a fresh snapshot.
      const dataset = await trx
        .insertInto('datasets')
        .values({ id: this.ctx.ids.next(), herd, name, created_at: now })
        .onConflict((oc) =>
          oc.columns(['herd', 'name']).doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })),
        )
        .returning('id')
        .executeTakeFirstOrThrow()
      const last = await trx
        .selectFrom('dataset_versions')
        .select((eb) => eb.fn.max('version').as('v'))
        .where('dataset_id', '=', dataset.id)
        .executeTakeFirst()
      const version = toNumber(last?.v) + 1
      const row = await trx
        .insertInto('dataset_versions')
        .values({
          id: this.ctx.ids.next(),
          dataset_id: dataset.id,
          herd,
          name,
          version,
          content_hash: `sha256:${input.objectKey}`,
          contract_hash: input.contractHash ?? null,
          size: stat.size,
          record_count: input.recordCount,
          format: input.format,
          object_key: input.objectKey,
          run_id: input.runId ?? null,
          stage_run_id: input.stageRunId ?? null,
          created_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      await appendAudit(this.ctx, trx, {
        action: 'dataset.publish',
        resource: formatDatasetRef({ name, version }),
        herd,
        actor: input.actor,
        payload: {
          contentHash: row.content_hash,
          contractHash: row.contract_hash,
          runId: row.run_id,
          size: stat.size,
        },
      })
      return toVersion(row)
    })
    // The publish's audit entry is committed: the checkpoint outside the Barn covers it now.
    await this.ctx.seal?.advance(this.ctx.db)
    return published
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
    if (!row) throw notFound('dataset version', formatDatasetRef(parsed))
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
