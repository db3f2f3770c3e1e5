import { sha256 } from '@noble/hashes/sha2.js'
import { hmac } from '@noble/hashes/hmac.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { canonicalJson } from './canonical-json.js'

/** A content hash in the form `sha256:<64 hex>`. */
export type Sha256Ref = `sha256:${string}`

const toBytes = (data: string | Uint8Array): Uint8Array =>
  typeof data === 'string' ? utf8ToBytes(data) : data

/** Hex sha256 of a UTF-8 string or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return bytesToHex(sha256(toBytes(data)))
}

/** `sha256:<hex>` of the canonical JSON of a value: the identity of plans, contracts, specs. */
export function hashOf(value: unknown): Sha256Ref {
  return `sha256:${sha256Hex(canonicalJson(value))}`
}

/** Hex HMAC-SHA256 of data under a key. */
export function hmacSha256Hex(key: string | Uint8Array, data: string | Uint8Array): string {
  return bytesToHex(hmac(sha256, toBytes(key), toBytes(data)))
}

/** Incremental sha256 for streamed content. */
export function createSha256(): {
  update(data: string | Uint8Array): void
  digestHex(): string
} {
  const h = sha256.create()
  return {
    update: (data) => void h.update(toBytes(data)),
    digestHex: () => bytesToHex(h.digest()),
  }
}
