import type { ServerDeps } from '../app/server-deps.js'
import { JwtIssuer } from './jwt-issuer.js'

const DEFAULT_JWT_TTL_S = 3600

/** The URL the server is reached at, as its auth options say (undefined when they do not). */
export function publicUrlOf(deps: ServerDeps): string | undefined {
  const auth = deps.auth
  if (auth?.publicUrl) return auth.publicUrl.replace(/\/+$/, '')
  return auth?.oidc ? new URL(auth.oidc.redirectUrl).origin : undefined
}

/** deps with the JWT issuer its auth options describe (made here unless given). */
export function withAuth(deps: ServerDeps): ServerDeps {
  if (deps.jwt) return deps
  const jwt = new JwtIssuer(
    deps.barn,
    publicUrlOf(deps) ?? 'runink',
    deps.auth?.jwtTtlSeconds ?? DEFAULT_JWT_TTL_S,
    deps.clock,
  )
  return { ...deps, jwt }
}
