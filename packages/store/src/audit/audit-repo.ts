import { sql } from 'kysely'
import type { BarnContext, Db } from '../barn-context.js'
import { toNumber } from '../db/schema.js'
import { auditHash, GENESIS_HASH, type AuditEntry, type AuditRecord } from './audit-entry.js'
import { readCheckpoint } from './audit-checkpoint.js'
import { redact } from './redact.js'

/** What a caller says when appending to the audit log. */
export interface AuditInput {
  readonly action: string
  readonly resource: string
  readonly actor?: string
  readonly herd?: string | null
  readonly requestId?: string | null
  readonly payload?: unknown
  /** Extra dot paths in the payload to redact as PII (secret-like keys always are). */
  readonly piiPaths?: readonly string[]
}

/** Filters for {@link AuditRepo.query}. */
export interface AuditQuery {
  readonly since?: Date
  readonly actor?: string
  readonly action?: string
  readonly herd?: string
  /** Only entries after this sequence number (the last of a previous page). */
  readonly afterSeq?: number
  readonly limit?: number
}

/**
 * How the seal was checked: `sealedFrom` is the first entry sealed with the key (earlier ones
 * predate the seal), `checkpoint` the last entry the checkpoint outside the Barn vouches for.
 */
export interface SealCheck {
  readonly sealedFrom: number
  readonly checkpoint: number
}

/**
 * The outcome of {@link AuditRepo.verify}: the first broken link, if any. `seal` is null when
 * the Barn was opened without a key folder (nothing is sealed). `seq` is null when the failure
 * is not one entry's (the key is missing).
 */
export type AuditVerification =
  | {
      readonly ok: true
      readonly count: number
      readonly head: string
      readonly seal: SealCheck | null
    }
  | {
      readonly ok: false
      readonly count: number
      readonly seq: number | null
      readonly reason: string
    }

/** An arbitrary, fixed key: the transaction advisory lock that serialises appends. */
const AUDIT_LOCK = 73_110_002
const PAGE = 500

type Row = {
  seq: number | string
  at: Date
  actor: string
  action: string
  resource: string
  herd: string | null
  request_id: string | null
  payload: unknown
  prev_hash: string
  hash: string
  seal: string | null
}

const toRecord = (r: Row): AuditRecord => ({
  seq: toNumber(r.seq),
  at: r.at.toISOString(),
  actor: r.actor,
  action: r.action,
  resource: r.resource,
  herd: r.herd,
  request_id: r.request_id,
  payload: r.payload,
  prev_hash: r.prev_hash,
  hash: r.hash,
  seal: r.seal,
})

/** The append-only, hash-chained audit log. */
export class AuditRepo {
  constructor(private readonly ctx: BarnContext) {}

  /** Appends an entry in its own transaction (see {@link appendAudit}), then moves the checkpoint. */
  async append(input: AuditInput): Promise<AuditRecord> {
    const record = await this.ctx.db
      .transaction()
      .execute((trx) => appendAudit(this.ctx, trx, input))
    await this.ctx.seal?.advance(this.ctx.db)
    return record
  }

  /** Entries matching the filters, oldest first. */
  async query(q: AuditQuery = {}): Promise<AuditRecord[]> {
    let query = this.ctx.db.selectFrom('audit_log').selectAll().orderBy('seq')
    if (q.since) query = query.where('at', '>=', q.since)
    if (q.actor) query = query.where('actor', '=', q.actor)
    if (q.action) query = query.where('action', '=', q.action)
    if (q.herd) query = query.where('herd', '=', q.herd)
    if (q.afterSeq !== undefined) query = query.where('seq', '>', q.afterSeq)
    const rows = await query.limit(q.limit ?? 1000).execute()
    return rows.map((r) => toRecord(r as Row))
  }

  /** Every entry, oldest first, read a page at a time. */
  async *all(): AsyncIterable<AuditRecord> {
    let after = 0
    for (;;) {
      const rows = await this.ctx.db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(PAGE)
        .execute()
      for (const r of rows) yield toRecord(r as Row)
      if (rows.length < PAGE) return
      after = toNumber(rows.at(-1)?.seq)
    }
  }

  /** The log as NDJSON lines (each ends with a newline), including both hashes. */
  async *exportNdjson(): AsyncIterable<string> {
    for await (const record of this.all()) yield `${JSON.stringify(record)}\n`
  }

  /**
   * Recomputes the chain from the first entry and names the first broken link: a gap in seq,
   * a prev_hash that is not the previous hash, or a hash that does not match the row. With a
   * seal, also: an entry from `sealedFrom` on whose seal is absent or not the key's (rewritten
   * or re-hashed by someone without the key), a log shorter than the checkpoint (truncated or
   * emptied), an entry at the checkpoint that is not the one sealed there, and a missing key.
   */
  async verify(): Promise<AuditVerification> {
    const seal = this.ctx.seal
    // Read before the log: a checkpoint only ever names committed entries, so one read first
    // can never be ahead of the log read after it, however many processes append meanwhile.
    const checkpoint = seal?.hasKey ? await readCheckpoint(seal.checkpointPath) : undefined
    if (seal && checkpoint && !seal.checkCheckpoint(checkpoint)) {
      return {
        ok: false,
        count: 0,
        seq: checkpoint.seq,
        reason: `the checkpoint ${seal.checkpointPath} does not carry the key's mac: it was not written by runi`,
      }
    }
    let prev = GENESIS_HASH
    let expected = 1
    let count = 0
    let atCheckpoint: string | undefined
    for await (const record of this.all()) {
      const fail = (reason: string): AuditVerification => ({
        ok: false,
        count,
        seq: record.seq,
        reason,
      })
      if (record.seq !== expected) {
        return {
          ok: false,
          count,
          seq: expected,
          reason: `entry ${expected} is missing (next is ${record.seq})`,
        }
      }
      if (record.prev_hash !== prev) return fail('prev_hash does not match the previous entry')
      if (auditHash(prev, record) !== record.hash) return fail('hash does not match the entry')
      if (seal?.hasKey && record.seq >= seal.sealedFrom) {
        if (record.seal === null)
          return fail('the entry is not sealed: it was written or rewritten without the key')
        if (!seal.checkSeal(record.hash, record.seal))
          return fail('the seal does not match: the entry was rewritten by someone without the key')
      }
      if (record.seq === checkpoint?.seq) atCheckpoint = record.hash
      prev = record.hash
      expected += 1
      count += 1
    }
    if (seal && !seal.hasKey) {
      return {
        ok: false,
        count,
        seq: null,
        reason: seal.barnId
          ? `the chain of ${count} entries is consistent, but cannot check the seal: key not found (${seal.keyPath})`
          : `cannot check the seal: the Barn's identity row is missing or malformed`,
      }
    }
    if (checkpoint && count < checkpoint.seq) {
      return {
        ok: false,
        count,
        seq: count + 1,
        reason:
          count === 0
            ? `the log is empty, but ${checkpoint.seq} entries were sealed (checkpoint ${seal?.checkpointPath}): it was emptied`
            : `the log ends at entry ${count}, but entries up to ${checkpoint.seq} were sealed (checkpoint ${seal?.checkpointPath}): ${checkpoint.seq - count} entries were removed from its end`,
      }
    }
    if (checkpoint && atCheckpoint !== checkpoint.hash) {
      return {
        ok: false,
        count,
        seq: checkpoint.seq,
        reason: 'the entry is not the one sealed at the checkpoint: the log was rewritten',
      }
    }
    return {
      ok: true,
      count,
      head: prev,
      seal: seal ? { sealedFrom: seal.sealedFrom, checkpoint: checkpoint?.seq ?? 0 } : null,
    }
  }
}

/**
 * Appends one entry inside the caller's transaction, so the entry commits with the change it
 * records. A transaction advisory lock serialises appenders: the chain never forks.
 */
export async function appendAudit(
  ctx: BarnContext,
  trx: Db,
  input: AuditInput,
): Promise<AuditRecord> {
  await sql`SELECT pg_advisory_xact_lock(${sql.lit(AUDIT_LOCK)})`.execute(trx)
  const last = await trx
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst()
  const prev = last?.hash ?? GENESIS_HASH
  const entry: AuditEntry = {
    seq: toNumber(last?.seq) + 1,
    // Millisecond precision: what a Date and timestamptz both keep exactly.
    at: ctx.clock.now().toISOString(),
    actor: input.actor ?? ctx.actor,
    action: input.action,
    resource: input.resource,
    herd: input.herd ?? null,
    request_id: input.requestId ?? null,
    payload: redact(input.payload ?? {}, input.piiPaths),
  }
  const hash = auditHash(prev, entry)
  const seal = ctx.seal?.sealOf(hash) ?? null
  await trx
    .insertInto('audit_log')
    .values({
      ...entry,
      at: new Date(entry.at),
      payload: JSON.stringify(entry.payload),
      prev_hash: prev,
      hash,
      seal,
    })
    .execute()
  return { ...entry, prev_hash: prev, hash, seal }
}
