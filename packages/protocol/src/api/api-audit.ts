import { z } from 'zod'

/** One audit entry with its chain links (what `runi audit export` writes per line). */
export const apiAuditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  resource: z.string(),
  herd: z.string().nullable(),
  request_id: z.string().nullable(),
  payload: z.unknown(),
  prev_hash: z.string(),
  hash: z.string(),
  seal: z.string().nullable(),
})
export type ApiAuditEntry = z.output<typeof apiAuditEntrySchema>

/** `GET /api/v1/audit/entries`: filters, and the page query. */
export const auditFilterSchema = z.object({
  actor: z.string().max(512).optional(),
  action: z.string().max(256).optional(),
  herd: z.string().max(64).optional(),
  /** Only entries at or after this time (ISO 8601 with an offset or Z). */
  since: z.iso.datetime({ offset: true }).optional(),
})

/**
 * `GET /api/v1/audit/export`: the entries after sequence number `after` (0, the default: from
 * the first), as NDJSON. A SIEM keeps the last line's seq and asks again with it.
 */
export const auditExportQuerySchema = z.object({
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
})

/** The chain checked end to end: ok with its head, or the first broken link. */
export const auditVerificationSchema = z.union([
  z.object({
    ok: z.literal(true),
    count: z.number().int(),
    head: z.string(),
    seal: z.object({ sealedFrom: z.number().int(), checkpoint: z.number().int() }).nullable(),
  }),
  z.object({
    ok: z.literal(false),
    count: z.number().int(),
    seq: z.number().int().nullable(),
    reason: z.string(),
  }),
])
