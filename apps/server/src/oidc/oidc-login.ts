import { RuninkError } from '@runink/core'
import { ServerCodes } from '@runink/protocol'
import type { UserIdentity } from '@runink/store'
import * as client from 'openid-client'
import type { OidcOptions } from './auth-options.js'

/** What the server keeps of a login between sending someone to the provider and their return. */
export interface LoginStart {
  readonly url: string
  readonly state: string
  readonly nonce: string
  readonly verifier: string
}

function failed(message: string, cause?: unknown): RuninkError {
  return new RuninkError(ServerCodes.RUNINK_AUTH_LOGIN_FAILED, message, {
    ...(cause === undefined ? {} : { cause }),
  })
}

/**
 * The server's side of OpenID Connect (authorization code flow with PKCE S256, state and nonce)
 * through `openid-client`: the provider's metadata is discovered on first use (and again after
 * a failure).
 */
export class OidcLogin {
  private config: Promise<client.Configuration> | undefined

  constructor(private readonly options: OidcOptions) {}

  private configuration(): Promise<client.Configuration> {
    const { issuer, clientId, clientSecret, allowHttp } = this.options
    this.config ??= client
      .discovery(
        new URL(issuer),
        clientId,
        undefined,
        clientSecret === undefined ? client.None() : client.ClientSecretBasic(clientSecret),
        allowHttp ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        this.config = undefined
        throw failed(`the OpenID provider ${issuer} could not be reached or described`, error)
      })
    return this.config
  }

  /** Where to send the browser: the provider's authorization URL, with fresh PKCE, state and nonce. */
  async start(): Promise<LoginStart> {
    const config = await this.configuration()
    const verifier = client.randomPKCECodeVerifier()
    const state = client.randomState()
    const nonce = client.randomNonce()
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.options.redirectUrl,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    })
    return { url: url.href, state, nonce, verifier }
  }

  /**
   * Trades the callback's code for tokens (checking state, nonce, PKCE and the ID token) and
   * returns who signed in. Anything wrong is RUNINK_AUTH_LOGIN_FAILED.
   */
  async finish(callbackUrl: URL, started: LoginStart): Promise<UserIdentity> {
    const config = await this.configuration()
    try {
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: started.verifier,
        expectedState: started.state,
        expectedNonce: started.nonce,
        idTokenExpected: true,
      })
      const claims = tokens.claims()
      if (!claims) throw failed('the provider sent no ID token')
      const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)
      // Providers that keep scope claims out of the ID token say them at the userinfo endpoint.
      const info =
        text(claims.email) === null
          ? await client.fetchUserInfo(config, tokens.access_token, claims.sub)
          : claims
      return {
        issuer: claims.iss,
        subject: claims.sub,
        email: text(info.email),
        displayName: text(info.name),
      }
    } catch (error) {
      if (error instanceof RuninkError) throw error
      throw failed(`the provider's answer was refused: ${(error as Error).message}`, error)
    }
  }
}
