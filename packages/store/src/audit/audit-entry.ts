import { canonicalJson, sha256Hex } from '@runink/core'

/** The `prev_hash` of the first entry: the chain starts from 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64)

/**
 * The hashed part of an audit row: every column except `prev_hash` and `hash`. `at` is the ISO
 * 8601 UTC string with milliseconds; absent herd and request id are `null`; the payload is
 * already redacted.
 */
export interface AuditEntry {
  readonly seq: number
  readonly at: string
  readonly actor: string
  readonly action: string
  readonly resource: string
  readonly herd: string | null
  readonly request_id: string | null
  readonly payload: unknown
}

/** A stored audit row: the entry, its links, and its seal (null when appended without the key). */
export interface AuditRecord extends AuditEntry {
  readonly prev_hash: string
  readonly hash: string
  readonly seal: string | null
}

/** `hash = sha256(prev_hash ‖ JCS(entry))`, hex: each entry seals the one before it. */
export function auditHash(prevHash: string, entry: AuditEntry): string {
  const { seq, at, actor, action, resource, herd, request_id, payload } = entry
  return sha256Hex(
    prevHash + canonicalJson({ seq, at, actor, action, resource, herd, request_id, payload }),
  )
}
