import type { Clock } from '@runink/core'
import type { Barn } from '@runink/store'
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK } from 'jose'

/** The signing algorithm: the only one a JWT is verified with (so `none` and HS256 are refused). */
export const JWT_ALG = 'ES256'
/** The audience of the CLI's JWTs: this API. */
export const JWT_AUDIENCE = 'runink-api'
/** The longest a JWT may last, in seconds. */
export const MAX_JWT_TTL_S = 3600
const KEY_NAME = 'jwt-signing'

/** A key as jose imports it. */
type Key = Awaited<ReturnType<typeof importJWK>>

type KeyPair = {
  readonly privateKey: Key
  readonly publicKey: Key
  readonly kid: string
}

/**
 * Signs and verifies the short-lived JWTs the CLI sends (subject: the user's id). The ES256 key
 * is made the first time any server on the Barn needs it and kept there (barn.serverKeys), so a
 * restart or another replica verifies what this one signed.
 */
export class JwtIssuer {
  private key: Promise<KeyPair> | undefined

  constructor(
    private readonly barn: Barn,
    private readonly issuer: string,
    private readonly ttlSeconds: number,
    private readonly clock?: Clock,
  ) {
    if (!(ttlSeconds > 0 && ttlSeconds <= MAX_JWT_TTL_S))
      throw new Error(`a JWT lifetime of ${ttlSeconds} s is not between 1 and ${MAX_JWT_TTL_S}`)
  }

  private keys(): Promise<KeyPair> {
    this.key ??= (async () => {
      const material = (await this.barn.serverKeys.ensure(KEY_NAME, async () => {
        const pair = await generateKeyPair(JWT_ALG, { extractable: true })
        const jwk = await exportJWK(pair.privateKey)
        return { ...jwk, alg: JWT_ALG, kid: `${Date.now().toString(36)}` }
      })) as JWK & { kid: string }
      const { d: _d, ...publicJwk } = material
      return {
        privateKey: await importJWK(material, JWT_ALG),
        publicKey: await importJWK(publicJwk, JWT_ALG),
        kid: material.kid,
      }
    })()
    return this.key
  }

  private nowSeconds(): number {
    return Math.floor((this.clock ? this.clock.now() : new Date()).getTime() / 1000)
  }

  /** A JWT for the user, and when it expires. */
  async sign(userId: string): Promise<{ token: string; expiresAt: Date }> {
    const { privateKey, kid } = await this.keys()
    const now = this.nowSeconds()
    const exp = now + this.ttlSeconds
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: JWT_ALG, kid, typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience(JWT_AUDIENCE)
      .setSubject(userId)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .sign(privateKey)
    return { token, expiresAt: new Date(exp * 1000) }
  }

  /**
   * The user id a JWT names when this server signed it with its key, for this audience, and it
   * has not expired; else undefined (forged, tampered, `alg: none`, another issuer, expired…).
   */
  async verify(token: string): Promise<string | undefined> {
    const { publicKey } = await this.keys()
    try {
      const { payload } = await jwtVerify(token, publicKey, {
        algorithms: [JWT_ALG],
        issuer: this.issuer,
        audience: JWT_AUDIENCE,
        currentDate: new Date(this.nowSeconds() * 1000),
        requiredClaims: ['sub', 'exp', 'iat'],
      })
      return typeof payload.sub === 'string' ? payload.sub : undefined
    } catch {
      return undefined
    }
  }
}
