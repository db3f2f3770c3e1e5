import { chmod, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import {
  BARN_DIR,
  RuninkError,
  systemClock,
  uuidV7Ids,
  type Clock,
  type IdGenerator,
} from '@runink/core'
import type { Kysely } from 'kysely'
import { AuditRepo } from './audit/audit-repo.js'
import { AuditSeal } from './audit/audit-seal.js'
import type { BarnContext } from './barn-context.js'
import { BARN_DIR_MODE, tightenBarnModes } from './barn-modes.js'
import type { BarnDatabase, DatabaseKind } from './db/barn-database.js'
import { migrate } from './db/migrate.js'
import { openPglite } from './db/open-pglite.js'
import { openPgliteBarn } from './db/open-pglite-barn.js'
import { openPostgres } from './db/open-postgres.js'
import type { BarnSchema } from './db/schema.js'
import { StoreErrors } from './errors.js'
import { LineagePoster, type LineagePosterOptions } from './lineage/lineage-poster.js'
import { LineageRepo } from './lineage/lineage-repo.js'
import { lockHome } from './lock/home-lock.js'
import { FolderObjectStore } from './objects/folder-object-store.js'
import { labelledObjects } from './objects/labelled-objects.js'
import type { ObjectStore } from './objects/object-store.js'
import { ContractsRepo } from './repos/contracts/contracts-repo.js'
import { CacheRepo } from './repos/datasets/cache-repo.js'
import { datasetLabelOf } from './repos/datasets/dataset-label.js'
import { DatasetsRepo } from './repos/datasets/datasets-repo.js'
import { DEFAULT_HERD, HerdsRepo } from './repos/governance/herds-repo.js'
import { MembersRepo } from './repos/identity/members-repo.js'
import { RolesRepo } from './repos/identity/roles-repo.js'
import { RunTokensRepo } from './repos/identity/run-tokens-repo.js'
import { ServerKeysRepo } from './repos/identity/server-keys-repo.js'
import { SessionsRepo } from './repos/identity/sessions-repo.js'
import { TokensRepo } from './repos/identity/tokens-repo.js'
import { UsersRepo } from './repos/identity/users-repo.js'
import { LogsRepo } from './repos/runs/logs-repo.js'
import { PipelinesRepo } from './repos/runs/pipelines-repo.js'
import { PlansRepo } from './repos/runs/plans-repo.js'
import { recoverAbandoned } from './repos/runs/recover-abandoned.js'
import { recoverFileCommits, type RecoveredFile } from './repos/datasets/recover-file-commits.js'
import { runDetail, type RunDetail } from './repos/runs/run-detail.js'
import { RunsRepo } from './repos/runs/runs-repo.js'
import { StageCommitsRepo } from './repos/datasets/stage-commits-repo.js'
import { StagesRepo } from './repos/runs/stages-repo.js'

/** The folder under the project root that holds an embedded Barn. */
export { BARN_DIR }

/** How to open a Barn. The app reads the environment; the store only takes this object. */
export interface BarnConfig {
  /** Project root: the embedded database and objects live in `<home>/.runink/`. */
  readonly home?: string
  /** `postgres://…` for an external PostgreSQL; `memory://` for a throwaway in-memory PGlite. */
  readonly databaseUrl?: string
  readonly clock?: Clock
  readonly ids?: IdGenerator
  /** Where dataset bytes go; default a folder store in `<home>/.runink/objects`. */
  readonly objectStore?: ObjectStore
  /** Post lineage events here too (they are always stored). */
  readonly openLineageUrl?: string
  /** Retry and timeout tuning for lineage delivery. */
  readonly openLineage?: Omit<LineagePosterOptions, 'url'>
  /**
   * Where the audit seal's key and checkpoint live: a folder outside the Barn that only its
   * user can write (the app passes `$XDG_STATE_HOME/runink/audit`). Without it nothing is sealed.
   */
  readonly auditKeyDir?: string
  /**
   * Where pre-initialised, migrated databases are kept (the app passes a per-user cache folder):
   * a new embedded Barn is restored from one instead of running initdb and every migration.
   * Without it a new embedded Barn is made from scratch (seconds longer).
   */
  readonly templateDir?: string
  /** Who acts, recorded on audit entries when a call names nobody; default `system`. */
  readonly actor?: string
  /** How long to wait for another process's lock on an embedded Barn; default 10 s. */
  readonly lockTimeoutMs?: number
  /** Told, once, who holds the lock when opening has to wait. */
  readonly onLockWait?: (message: string) => void
  /**
   * Hold an embedded Barn's lock only until another process wants it (see lockHome's
   * `yields`): for a process keeping the Barn open between commands, which closes on SIGTERM.
   */
  readonly yieldsLock?: boolean
}

/** An open Barn: its repositories, and close(). */
export interface Barn {
  readonly kind: DatabaseKind
  readonly home: string | undefined
  /** The typed query layer, for reports and tests; repositories are the supported way in. */
  readonly db: Kysely<BarnSchema>
  readonly objects: ObjectStore
  readonly herds: HerdsRepo
  readonly plans: PlansRepo
  readonly runs: RunsRepo
  readonly stages: StagesRepo
  readonly logs: LogsRepo
  readonly datasets: DatasetsRepo
  readonly cache: CacheRepo
  readonly lineage: LineageRepo
  readonly audit: AuditRepo
  /** API tokens: the identity the HTTP control plane authenticates requests with. */
  readonly tokens: TokensRepo
  /** People who sign in through OpenID Connect. */
  readonly users: UsersRepo
  /** Users' roles in herds, or in every herd. */
  readonly members: MembersRepo
  /** Signed-in users' server-side sessions. */
  readonly sessions: SessionsRepo
  /** Credentials confined to one run. */
  readonly runTokens: RunTokensRepo
  /** Herds' custom roles (verb:resource-glob allow and deny lists). */
  readonly roles: RolesRepo
  /** Key material the server makes once and keeps (its JWT signing key). */
  readonly serverKeys: ServerKeysRepo
  /** Versioned pipelines uploaded to the control plane, and which version a run ran. */
  readonly pipelines: PipelinesRepo
  /** Contract documents by herd and content hash: the registry runs and uploads fill. */
  readonly contracts: ContractsRepo
  /** A stage's outputs published as one unit (versions, success, cache entry, then files). */
  readonly commits: StageCommitsRepo
  /** Runs this open marked abandoned because their owner process was gone. */
  readonly recovered: readonly string[]
  /** File sinks of killed or ended runs this open put in place or removed (or could not). */
  readonly recoveredFiles: readonly RecoveredFile[]
  /** A run with its stages, slices, counts and the dataset versions it wrote. */
  runDetail(runId: string): Promise<RunDetail>
  /** Flushes lineage delivery (bounded), closes the database and releases the lock. */
  close(): Promise<void>
}

async function openDatabase(
  config: BarnConfig,
): Promise<{ database: BarnDatabase; release?: () => Promise<void> }> {
  if (config.databaseUrl && /^postgres(ql)?:\/\//.test(config.databaseUrl)) {
    return { database: await openPostgres(config.databaseUrl) }
  }
  if (config.databaseUrl === 'memory://') return { database: await openPglite('memory://') }
  if (config.databaseUrl) {
    throw new RuninkError(
      StoreErrors.RUNINK_STORE_BAD_CONFIG,
      `unsupported database URL ${config.databaseUrl}: use postgres://…`,
      {
        details: { databaseUrl: config.databaseUrl },
      },
    )
  }
  const dir = join(config.home as string, BARN_DIR)
  // The home is the user's folder (slices run as another account traverse it to their staging):
  // only .runink/ itself is private, so the home gets the umask's mode, not BARN_DIR_MODE.
  await mkdir(config.home as string, { recursive: true })
  await mkdir(dir, { recursive: true, mode: BARN_DIR_MODE })
  // Private before anything is written in it; the rest is tightened once PGlite has made its files.
  await chmod(dir, BARN_DIR_MODE)
  const release = await lockHome(dir, {
    ...(config.lockTimeoutMs !== undefined ? { timeoutMs: config.lockTimeoutMs } : {}),
    onWait: (message) => config.onLockWait?.(message),
    ...(config.yieldsLock ? { yields: true } : {}),
  })
  try {
    const database = await openPgliteBarn(join(dir, 'db'), config.templateDir)
    const tighten = (): Promise<void> => tightenBarnModes(dir)
    try {
      await tighten()
    } catch (error) {
      await database.close().catch(() => undefined)
      throw error
    }
    return {
      database: { ...database, close: () => database.close().then(tighten) },
      release,
    }
  } catch (error) {
    await release()
    throw error
  }
}

/**
 * Opens the Barn: embedded PGlite under `<home>/.runink/` (locked against other processes),
 * or PostgreSQL at `databaseUrl`. Applies migrations, ensures the `default` herd, and marks
 * runs abandoned whose owner process died.
 */
export async function openBarn(config: BarnConfig): Promise<Barn> {
  if (!config.home && !config.databaseUrl) {
    throw new RuninkError(
      StoreErrors.RUNINK_STORE_BAD_CONFIG,
      'openBarn needs a home folder or a databaseUrl',
    )
  }
  if (!config.home && !config.objectStore) {
    throw new RuninkError(
      StoreErrors.RUNINK_STORE_BAD_CONFIG,
      'openBarn needs a home folder or an objectStore for dataset bytes',
    )
  }
  const { database, release } = await openDatabase(config)
  try {
    await migrate(database)
    // On PostgreSQL, `.runink/` still holds the objects (and staging): private too.
    if (config.home && database.kind === 'postgres')
      await tightenBarnModes(join(config.home, BARN_DIR))
    const store =
      config.objectStore ?? new FolderObjectStore(join(config.home as string, BARN_DIR, 'objects'))
    const seal = config.auditKeyDir
      ? await AuditSeal.open(database.db, config.auditKeyDir)
      : undefined
    // A read that turns out corrupt names the dataset versions stored under its key.
    const objects = labelledObjects(store, (key) => datasetLabelOf(database.db, key))
    const ctx: BarnContext = {
      db: database.db,
      clock: config.clock ?? systemClock,
      ids: config.ids ?? uuidV7Ids,
      objects,
      actor: config.actor ?? 'system',
      knownHerds: new Set(),
      ...(seal ? { seal } : {}),
    }
    const poster = config.openLineageUrl
      ? new LineagePoster({ ...config.openLineage, url: config.openLineageUrl })
      : undefined
    const herds = new HerdsRepo(ctx)
    await herds.ensure(DEFAULT_HERD)
    for (const h of await herds.list()) ctx.knownHerds.add(h.name)
    const recovered = await recoverAbandoned(ctx)
    const recoveredFiles = await recoverFileCommits(ctx)
    let closed = false
    return {
      kind: database.kind,
      home: config.home,
      db: database.db,
      objects,
      herds,
      plans: new PlansRepo(ctx),
      runs: new RunsRepo(ctx),
      stages: new StagesRepo(ctx),
      logs: new LogsRepo(ctx),
      datasets: new DatasetsRepo(ctx),
      cache: new CacheRepo(ctx),
      lineage: new LineageRepo(ctx, poster),
      audit: new AuditRepo(ctx),
      tokens: new TokensRepo(ctx),
      users: new UsersRepo(ctx),
      members: new MembersRepo(ctx),
      sessions: new SessionsRepo(ctx),
      runTokens: new RunTokensRepo(ctx),
      roles: new RolesRepo(ctx),
      serverKeys: new ServerKeysRepo(ctx),
      pipelines: new PipelinesRepo(ctx),
      contracts: new ContractsRepo(ctx),
      commits: new StageCommitsRepo(ctx),
      recovered,
      recoveredFiles,
      runDetail: (runId) => runDetail(ctx, runId),
      async close() {
        if (closed) return
        closed = true
        try {
          await poster?.close()
          // Entries appended inside other repositories' transactions are committed by now.
          await seal?.advance(database.db).catch(async (error: unknown) => {
            await database.close().catch(() => undefined)
            throw error
          })
          await database.close()
        } finally {
          await release?.()
        }
      },
    }
  } catch (error) {
    await database.close().catch(() => undefined)
    await release?.()
    throw error
  }
}
