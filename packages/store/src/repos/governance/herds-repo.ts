import { posix } from 'node:path'
import { RuninkError } from '@runink/core'
import { appendAudit } from '../../audit/audit-repo.js'
import type { BarnContext, Db } from '../../barn-context.js'
import { StoreErrors } from '../../errors.js'

/** The herd every local project uses. */
export const DEFAULT_HERD = 'default'

/** A herd (tenant). */
export interface Herd {
  readonly name: string
  readonly createdAt: Date
}

const NAME = /^[a-z][a-z0-9-]{0,62}$/

/** A herd's grant of network egress to a step (by the step's name in feature files). */
export interface EgressGrant {
  readonly herd: string
  readonly step: string
  readonly grantedAt: Date
  readonly grantedBy: string
}

const STEP = /^\S(?:.{0,198}\S)?$/

function checkStep(step: string): void {
  if (!STEP.test(step)) {
    throw new RuninkError(
      StoreErrors.RUNINK_STORE_BAD_REF,
      `not a step name: ${JSON.stringify(step)} (1 to 200 characters, no leading or trailing space)`,
      { details: { step } },
    )
  }
}

/**
 * An outside folder a herd allows file sources in (and file sinks, when `writable`): by
 * default every source and sink must resolve inside its feature file's folder.
 */
export interface PathGrant {
  readonly herd: string
  /** Absolute, normalised, symlinks resolved by whoever granted it. */
  readonly folder: string
  readonly writable: boolean
  readonly grantedAt: Date
  readonly grantedBy: string
}

function checkFolder(folder: string): void {
  const bad = (why: string): never => {
    throw new RuninkError(
      StoreErrors.RUNINK_STORE_BAD_REF,
      `not a folder to allow: ${JSON.stringify(folder)} (${why})`,
      { details: { folder } },
    )
  }
  if (folder.length > 4096 || folder.includes('\0')) bad('too long, or a NUL in it')
  if (!posix.isAbsolute(folder) || posix.normalize(folder) !== folder || folder.endsWith('/'))
    bad('an absolute, normalised path without a trailing /')
  if (folder === '/') bad('the root folder would allow every file')
}

/** Herds: namespaces for plans, runs and datasets, and what they grant their steps. */
export class HerdsRepo {
  constructor(private readonly ctx: BarnContext) {}

  /** Creates the herd if it does not exist (audited when created); returns it. */
  async ensure(name: string, actor?: string): Promise<Herd> {
    if (!NAME.test(name)) {
      throw new RuninkError(
        StoreErrors.RUNINK_STORE_BAD_REF,
        `not a herd name: ${name} (lowercase letters, digits, -)`,
        {
          details: { name },
        },
      )
    }
    const herd = await this.ctx.db.transaction().execute(async (trx) => {
      await ensureHerd(this.ctx, trx, name, actor)
      const row = await trx
        .selectFrom('herds')
        .selectAll()
        .where('name', '=', name)
        .executeTakeFirstOrThrow()
      return { name: row.name, createdAt: row.created_at }
    })
    this.ctx.knownHerds.add(name)
    return herd
  }

  /**
   * Grants network egress to the step named `step` in the herd's pipelines (creating the herd
   * if needed). Audited as `herd.egress.grant`; granting twice changes nothing.
   */
  async grantEgress(herd: string, step: string, actor?: string): Promise<EgressGrant> {
    checkStep(step)
    await this.ensure(herd, actor)
    return this.ctx.db.transaction().execute(async (trx) => {
      const by = actor ?? this.ctx.actor
      const inserted = await trx
        .insertInto('herd_egress_grants')
        .values({ herd, step, granted_at: this.ctx.clock.now(), granted_by: by })
        .onConflict((oc) => oc.columns(['herd', 'step']).doNothing())
        .returning('step')
        .executeTakeFirst()
      if (inserted)
        await appendAudit(this.ctx, trx, {
          action: 'herd.egress.grant',
          resource: `herd/${herd}/egress/${step}`,
          herd,
          actor,
          payload: { step },
        })
      const row = await trx
        .selectFrom('herd_egress_grants')
        .selectAll()
        .where('herd', '=', herd)
        .where('step', '=', step)
        .executeTakeFirstOrThrow()
      return grantOf(row)
    })
  }

  /** Withdraws a step's egress grant; audited as `herd.egress.revoke`. False when there was none. */
  async revokeEgress(herd: string, step: string, actor?: string): Promise<boolean> {
    checkStep(step)
    return this.ctx.db.transaction().execute(async (trx) => {
      const deleted = await trx
        .deleteFrom('herd_egress_grants')
        .where('herd', '=', herd)
        .where('step', '=', step)
        .returning('step')
        .executeTakeFirst()
      if (!deleted) return false
      await appendAudit(this.ctx, trx, {
        action: 'herd.egress.revoke',
        resource: `herd/${herd}/egress/${step}`,
        herd,
        actor,
        payload: { step },
      })
      return true
    })
  }

  /** The herd's egress grants, by step name (none for an unknown herd). */
  async egressGrants(herd: string): Promise<EgressGrant[]> {
    const rows = await this.ctx.db
      .selectFrom('herd_egress_grants')
      .selectAll()
      .where('herd', '=', herd)
      .orderBy('step')
      .execute()
    return rows.map(grantOf)
  }

  /**
   * Allows the herd's pipelines to read files in `folder` (and write sinks there when
   * `writable`), creating the herd if needed. Audited as `herd.path.allow`; allowing the same
   * folder the same way twice changes nothing, allowing it another way updates it.
   */
  async allowPath(
    herd: string,
    folder: string,
    options: { writable?: boolean; actor?: string } = {},
  ): Promise<PathGrant> {
    checkFolder(folder)
    const { actor } = options
    const writable = options.writable ?? false
    await this.ensure(herd, actor)
    return this.ctx.db.transaction().execute(async (trx) => {
      const by = actor ?? this.ctx.actor
      const values = { writable, granted_at: this.ctx.clock.now(), granted_by: by }
      const changed = await trx
        .insertInto('herd_path_grants')
        .values({ herd, folder, ...values })
        .onConflict((oc) =>
          oc
            .columns(['herd', 'folder'])
            .doUpdateSet(values)
            .where('herd_path_grants.writable', '<>', writable),
        )
        .returning('folder')
        .executeTakeFirst()
      if (changed)
        await appendAudit(this.ctx, trx, {
          action: 'herd.path.allow',
          resource: `herd/${herd}/path${folder}`,
          herd,
          actor,
          payload: { folder, writable },
        })
      const row = await trx
        .selectFrom('herd_path_grants')
        .selectAll()
        .where('herd', '=', herd)
        .where('folder', '=', folder)
        .executeTakeFirstOrThrow()
      return pathGrantOf(row)
    })
  }

  /** Withdraws a folder the herd allowed; audited as `herd.path.revoke`. False when there was none. */
  async revokePath(herd: string, folder: string, actor?: string): Promise<boolean> {
    checkFolder(folder)
    return this.ctx.db.transaction().execute(async (trx) => {
      const deleted = await trx
        .deleteFrom('herd_path_grants')
        .where('herd', '=', herd)
        .where('folder', '=', folder)
        .returning('folder')
        .executeTakeFirst()
      if (!deleted) return false
      await appendAudit(this.ctx, trx, {
        action: 'herd.path.revoke',
        resource: `herd/${herd}/path${folder}`,
        herd,
        actor,
        payload: { folder },
      })
      return true
    })
  }

  /** The outside folders the herd allows, by path (none for an unknown herd). */
  async pathGrants(herd: string): Promise<PathGrant[]> {
    const rows = await this.ctx.db
      .selectFrom('herd_path_grants')
      .selectAll()
      .where('herd', '=', herd)
      .orderBy('folder')
      .execute()
    return rows.map(pathGrantOf)
  }

  /** Every herd, by name. */
  async list(): Promise<Herd[]> {
    const rows = await this.ctx.db.selectFrom('herds').selectAll().orderBy('name').execute()
    return rows.map((r) => ({ name: r.name, createdAt: r.created_at }))
  }
}

function grantOf(row: {
  herd: string
  step: string
  granted_at: Date
  granted_by: string
}): EgressGrant {
  return { herd: row.herd, step: row.step, grantedAt: row.granted_at, grantedBy: row.granted_by }
}

function pathGrantOf(row: {
  herd: string
  folder: string
  writable: boolean | number
  granted_at: Date
  granted_by: string
}): PathGrant {
  return {
    herd: row.herd,
    folder: row.folder,
    writable: Boolean(row.writable),
    grantedAt: row.granted_at,
    grantedBy: row.granted_by,
  }
}

/**
 * Inserts a herd row inside a transaction when missing, auditing the creation. A herd known to
 * be committed already (`ctx.knownHerds`) costs no statement; a conflict proves the row was
 * committed by someone else, so the herd becomes known from then on.
 */
export async function ensureHerd(
  ctx: BarnContext,
  trx: Db,
  name: string,
  actor?: string,
): Promise<void> {
  if (ctx.knownHerds.has(name)) return
  const inserted = await trx
    .insertInto('herds')
    .values({ name, created_at: ctx.clock.now() })
    .onConflict((oc) => oc.column('name').doNothing())
    .returning('name')
    .executeTakeFirst()
  if (inserted === undefined) {
    ctx.knownHerds.add(name)
    return
  }
  await appendAudit(ctx, trx, {
    action: 'herd.create',
    resource: `herd/${name}`,
    herd: name,
    actor,
  })
}
