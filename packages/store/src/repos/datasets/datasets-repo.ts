import {
  checkDatasetName,
  formatDatasetRef,
  parseDatasetRef,
  RuninkError,
  type DatasetRef,
} from '@runink/core'
import type { Readable } from 'node:stream'
import { appendAudit } from '../../audit/audit-repo.js'
import type { BarnContext } from '../../barn-context.js'
import { StoreErrors } from '../../errors.js'
import type { ObjectBody, ObjectCheck } from '../../objects/object-store.js'
import { DEFAULT_HERD } from '../governance/herds-repo.js'
import { notFound } from '../not-found.js'
import { datasetNotFound } from './dataset-not-found.js'
import { toVersion, type DatasetSummary, type DatasetVersion } from './dataset-version.js'
import { checkPublishable, insertVersions, type PublishVersion } from './publish-versions.js'

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
