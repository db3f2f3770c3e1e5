/** The OpenID Connect provider the server signs people in with (see docs/server.md). */
export interface OidcOptions {
  /** The provider's issuer URL (its discovery document is at `/.well-known/openid-configuration`). */
  readonly issuer: string
  readonly clientId: string
  /** Kept by the server only: the CLI never sees it. Without it the client is public (PKCE only). */
  readonly clientSecret?: string
  /** Where the provider sends people back: `<public URL>/api/v1/auth/callback`. */
  readonly redirectUrl: string
  /** Talk to an `http://` provider (tests and local setups only). */
  readonly allowHttp?: boolean
}

/** How the server signs people in and what it hands them. */
export interface AuthOptions {
  /** Without it, OIDC login is off (the auth routes answer 404 RUNINK_AUTH_OIDC_OFF). */
  readonly oidc?: OidcOptions
  /**
   * The URL people reach the server at: the JWTs' issuer, where the console lands after login,
   * and `Secure` cookies when it is https. Default the redirect URL's origin.
   */
  readonly publicUrl?: string
  /** How long a CLI JWT lasts, in seconds (default and most: 3600). */
  readonly jwtTtlSeconds?: number
  /** How long a session (the console's, or the CLI's renewal) lasts, in ms (default 12 h). */
  readonly sessionTtlMs?: number
}
