import { createHash, randomBytes } from 'node:crypto'
import { RuninkError } from '@runink/core'
import { StoreErrors } from '../../errors.js'

const SECRET_BYTES = 32

/** A new secret: `prefix` and 256 random bits, base64url without padding (43 characters). */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(SECRET_BYTES).toString('base64url')}`
}

/** Whether text has the shape of a secret {@link newSecret} made with this prefix. */
export function isSecret(text: unknown, prefix: string): text is string {
  return (
    typeof text === 'string' &&
    text.length === prefix.length + 43 &&
    text.startsWith(prefix) &&
    /^[A-Za-z0-9_-]{43}$/.test(text.slice(prefix.length))
  )
}

/** The hex SHA-256 of a secret (the whole string): all the Barn keeps of it. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex')
}

/** Fails with RUNINK_STORE_BAD_REF unless ttlMs is a lifetime (a positive whole number of ms). */
export function checkLifetime(ttlMs: number, what: string): void {
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0)
    throw new RuninkError(
      StoreErrors.RUNINK_STORE_BAD_REF,
      `not a ${what} lifetime: ${ttlMs} ms (a positive whole number)`,
      { details: { ttlMs } },
    )
}
