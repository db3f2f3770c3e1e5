import { sql } from 'kysely'
import type { BarnContext, Db } from '../barn-context.js'
import { toNumber } from '../db/schema.js'
import { auditHash, GENESIS_HASH, type AuditEntry, type AuditRecord } from './audit-entry.js'
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
  readonly limit?: number
}

/** The outcome of {@link AuditRepo.verify}: the first broken link, if any. */
export type AuditVerification =
  | { readonly ok: true; readonly count: number; readonly head: string }
  | { readonly ok: false; readonly count: number; readonly seq: number; readonly reason: string }

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
})

/** The append-only, hash-chained audit log. */
export class AuditRepo {
  constructor(private readonly ctx: BarnContext) {}

  /** Appends an entry in its own transaction; see {@link appendAudit}. */
  append(input: AuditInput): Promise<AuditRecord> {
    return this.ctx.db.transaction().execute((trx) => appendAudit(this.ctx, trx, input))
  }

  /** Entries matching the filters, oldest first. */
  async query(q: AuditQuery = {}): Promise<AuditRecord[]> {
    let query = this.ctx.db.selectFrom('audit_log').selectAll().orderBy('seq')
    if (q.since) query = query.where('at', '>=', q.since)
    if (q.actor) query = query.where('actor', '=', q.actor)
    if (q.action) query = query.where('action', '=', q.action)
    if (q.herd) query = query.where('herd', '=', q.herd)
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
   * a prev_hash that is not the previous hash, or a hash that does not match the row.
   */
  async verify(): Promise<AuditVerification> {
    let prev = GENESIS_HASH
    let expected = 1
    let count = 0
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
      prev = record.hash
      expected += 1
      count += 1
    }
    return { ok: true, count, head: prev }
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
  await trx
    .insertInto('audit_log')
    .values({
      ...entry,
      at: new Date(entry.at),
      payload: JSON.stringify(entry.payload),
      prev_hash: prev,
      hash,
    })
    .execute()
  return { ...entry, prev_hash: prev, hash }
}
