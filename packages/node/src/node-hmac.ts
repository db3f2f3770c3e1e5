import { createHmac, createSecretKey, hash, type KeyObject } from 'node:crypto'

/** Block size of SHA-256 in bytes: HMAC pads its key to this. */
const BLOCK = 64

/**
 * HMAC-SHA256 under one short ASCII key as two one-shot SHA-256 calls (RFC 2104:
 * H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m))), with the padded keys computed once. Node 20 makes a
 * native Hmac object per `createHmac` call, which costs more than the hashing itself for short
 * values; `crypto.hash` does not. An ASCII key XOR 0x36 stays ASCII, so the inner pad can lead
 * the value as text and the whole is UTF-8 encoded once, exactly as `createHmac().update()` does.
 */
function oneShotHmac(key: string): (data: string) => string {
  const ipad = Array.from({ length: BLOCK }, (_, i) =>
    String.fromCharCode((i < key.length ? key.charCodeAt(i) : 0) ^ 0x36),
  ).join('')
  const outer = Buffer.alloc(BLOCK + 32)
  for (let i = 0; i < BLOCK; i++) outer[i] = (i < key.length ? key.charCodeAt(i) : 0) ^ 0x5c
  // The inner digest comes back as a byte string ("binary", i.e. latin1) and is copied into the
  // outer block: a Buffer result costs an allocation per call dearer than that round trip.
  return (data) => {
    outer.write(hash('sha256', ipad + data, 'binary'), BLOCK, 'binary')
    return hash('sha256', outer, 'hex')
  }
}

/** Whether a key can take the one-shot path: ASCII, no longer than a block. */
function shortAscii(key: string): boolean {
  // eslint-disable-next-line no-control-regex
  return key.length <= BLOCK && /^[\x00-\x7f]*$/.test(key)
}

/**
 * Hex HMAC-SHA256 with Node's native crypto, for masking per value: the same bytes as
 * `hmacSha256Hex` from `@runink/core` (pure JS), several times faster. A string key is prepared
 * once and reused while it stays the same (a byte key may change in place: never cached).
 */
export function nodeHmacSha256Hex(): (key: string | Uint8Array, data: string) => string {
  let lastKey: string | undefined
  let keyed: ((data: string) => string) | undefined
  return (key, data) => {
    if (typeof key !== 'string') return createHmac('sha256', key).update(data, 'utf8').digest('hex')
    if (key !== lastKey || keyed === undefined) {
      lastKey = key
      if (typeof hash === 'function' && shortAscii(key)) keyed = oneShotHmac(key)
      else {
        const keyObject: KeyObject = createSecretKey(key, 'utf8')
        keyed = (d) => createHmac('sha256', keyObject).update(d, 'utf8').digest('hex')
      }
    }
    return keyed(data)
  }
}
