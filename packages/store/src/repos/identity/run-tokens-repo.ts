import { appendAudit } from '../../audit/audit-repo.js'
import type { BarnContext } from '../../barn-context.js'
import { notFound } from '../not-found.js'
import { checkLifetime, isSecret, newSecret, secretHash } from './secret.js'

/** A credential confined to one run (for what runs inside it to call back); never its secret. */
export interface RunToken {
  readonly id: string
  readonly runId: string
  /** The run's herd. */
  readonly herd: string
  readonly createdAt: Date
  readonly expiresAt: Date
  readonly revokedAt: Date | null
}

/** Run token secrets: `rr_` and 256 random bits. */
export const RUN_TOKEN_PREFIX = 'rr_'

type Row = {
  id: string
  run_id: string
  herd: string
  created_at: Date
  expires_at: Date
  revoked_at: Date | null
}

const tokenOf = (row: Row): RunToken => ({
  id: row.id,
  runId: row.run_id,
  herd: row.herd,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
})

/**
 * Run tokens: minted for one run (audited `run_token.create`, without the secret), looked up by
 * secret with the run's herd, revoked with the run. Only the secret's SHA-256 is stored.
 */
export class RunTokensRepo {
  constructor(private readonly ctx: BarnContext) {}

  private select() {
    return this.ctx.db
      .selectFrom('run_tokens')
      .innerJoin('runs', 'runs.id', 'run_tokens.run_id')
      .select([
        'run_tokens.id',
        'run_tokens.run_id',
        'runs.herd',
        'run_tokens.created_at',
        'run_tokens.expires_at',
        'run_tokens.revoked_at',
      ])
  }

  /** Mints a token for the run lasting ttlMs; returns it with its secret (shown once). */
  async mint(
    runId: string,
    ttlMs: number,
    actor?: string,
  ): Promise<{ token: RunToken; secret: string }> {
    checkLifetime(ttlMs, 'run token')
    const now = this.ctx.clock.now()
    const secret = newSecret(RUN_TOKEN_PREFIX)
    const token = await this.ctx.db.transaction().execute(async (trx) => {
      const run = await trx
        .selectFrom('runs')
        .select(['id', 'herd'])
        .where('id', '=', runId)
        .executeTakeFirst()
      if (!run) throw notFound('run', runId)
      const row = await trx
        .insertInto('run_tokens')
        .values({
          id: this.ctx.ids.next(),
          secret_hash: secretHash(secret),
          run_id: runId,
          created_at: now,
          created_by: actor ?? this.ctx.actor,
          expires_at: new Date(now.getTime() + ttlMs),
        })
        .returning(['id', 'run_id', 'created_at', 'expires_at', 'revoked_at'])
        .executeTakeFirstOrThrow()
      await appendAudit(this.ctx, trx, {
        action: 'run_token.create',
        resource: `run/${runId}`,
        herd: run.herd,
        actor,
        payload: { token: row.id, expiresAt: row.expires_at.toISOString() },
      })
      return tokenOf({ ...row, herd: run.herd })
    })
    return { token, secret }
  }

  /** The live run token whose secret this is; undefined when malformed, unknown, revoked or expired. */
  async authenticate(secret: string): Promise<RunToken | undefined> {
    if (!isSecret(secret, RUN_TOKEN_PREFIX)) return undefined
    const row = await this.select()
      .where('run_tokens.secret_hash', '=', secretHash(secret))
      .where('run_tokens.revoked_at', 'is', null)
      .where('run_tokens.expires_at', '>', this.ctx.clock.now())
      .executeTakeFirst()
    return row ? tokenOf(row) : undefined
  }

  /** Revokes every live token of the run (when it ends); how many. */
  async revokeRun(runId: string): Promise<number> {
    const rows = await this.ctx.db
      .updateTable('run_tokens')
      .set({ revoked_at: this.ctx.clock.now() })
      .where('run_id', '=', runId)
      .where('revoked_at', 'is', null)
      .returning('id')
      .execute()
    return rows.length
  }
}
