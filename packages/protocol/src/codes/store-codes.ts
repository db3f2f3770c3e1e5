import { codesOf, type CodeTable } from './error-kind.js'

/** Every error code of `@runink/store` with its kind, by the constant that names it. */
export const STORE_CODE_KINDS = {
  /** Error codes raised by the Barn. */
  StoreErrors: {
    RUNINK_STORE_LOCKED: 'conflict',
    RUNINK_STORE_SCHEMA_TOO_NEW: 'failed',
    RUNINK_STORE_MIGRATION_FAILED: 'internal',
    RUNINK_STORE_IMMUTABLE: 'conflict',
    RUNINK_STORE_NOT_FOUND: 'not_found',
    RUNINK_STORE_BAD_REF: 'input',
    RUNINK_STORE_BAD_TRANSITION: 'conflict',
    RUNINK_STORE_OBJECT_MISSING: 'failed',
    RUNINK_STORE_OBJECT_CORRUPT: 'failed',
    RUNINK_STORE_AUDIT_SEAL: 'failed',
    RUNINK_STORE_OBJECT_REFERENCED: 'conflict',
    RUNINK_STORE_IDEMPOTENCY_CONFLICT: 'conflict',
    RUNINK_STORE_BAD_CONFIG: 'input',
    /** A committed stage's file sink could not be put in place yet; the next open retries. */
    RUNINK_STORE_FILE_COMMIT_PENDING: 'failed',
  },
} as const satisfies Readonly<Record<string, CodeTable>>

/** Error codes raised by the Barn. */
export const StoreErrors = codesOf(STORE_CODE_KINDS.StoreErrors)
