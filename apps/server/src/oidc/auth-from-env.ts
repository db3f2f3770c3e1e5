import type { AuthOptions } from './auth-options.js'
import { MAX_JWT_TTL_S } from './jwt-issuer.js'

type Env = Readonly<Record<string, string | undefined>>

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])
/** The variables' common prefix (a bare variable name would read as an error code). */
const PREFIX = 'RUNINK_'

/**
 * The auth options `runi serve` takes from its environment (names in docs/server.md):
 * RUNINK_OIDC_ISSUER and RUNINK_OIDC_CLIENT_ID turn OIDC login on, RUNINK_OIDC_CLIENT_SECRET
 * (optional), RUNINK_OIDC_REDIRECT_URL (default `<public URL>/api/v1/auth/callback`),
 * RUNINK_PUBLIC_URL, RUNINK_JWT_TTL (seconds). A `problem` says what is missing or malformed.
 */
export function authFromEnv(env: Env): { options: AuthOptions } | { problem: string } {
  const issuer = env[`${PREFIX}OIDC_ISSUER`]
  const clientId = env[`${PREFIX}OIDC_CLIENT_ID`]
  const clientSecret = env[`${PREFIX}OIDC_CLIENT_SECRET`]
  const publicUrl = env[`${PREFIX}PUBLIC_URL`]?.replace(/\/+$/, '')
  const ttl = env[`${PREFIX}JWT_TTL`]
  for (const [name, value] of [
    [`${PREFIX}OIDC_ISSUER`, issuer],
    [`${PREFIX}PUBLIC_URL`, publicUrl],
    [`${PREFIX}OIDC_REDIRECT_URL`, env[`${PREFIX}OIDC_REDIRECT_URL`]],
  ] as const)
    if (value !== undefined && !URL.canParse(value))
      return { problem: `${name} is not a URL: ${value}` }
  const jwtTtlSeconds = ttl === undefined ? undefined : Number(ttl)
  if (
    jwtTtlSeconds !== undefined &&
    !(Number.isInteger(jwtTtlSeconds) && jwtTtlSeconds > 0 && jwtTtlSeconds <= MAX_JWT_TTL_S)
  )
    return { problem: `RUNINK_JWT_TTL takes 1 to ${MAX_JWT_TTL_S} seconds, not ${ttl}` }
  const common = {
    ...(publicUrl ? { publicUrl } : {}),
    ...(jwtTtlSeconds ? { jwtTtlSeconds } : {}),
  }
  if (issuer === undefined && clientId === undefined) return { options: common }
  if (issuer === undefined || clientId === undefined)
    return { problem: 'OIDC login needs both RUNINK_OIDC_ISSUER and RUNINK_OIDC_CLIENT_ID' }
  const redirectUrl =
    env[`${PREFIX}OIDC_REDIRECT_URL`] ??
    (publicUrl === undefined ? undefined : `${publicUrl}/api/v1/auth/callback`)
  if (redirectUrl === undefined)
    return { problem: 'OIDC login needs RUNINK_PUBLIC_URL (or RUNINK_OIDC_REDIRECT_URL)' }
  const at = new URL(issuer)
  return {
    options: {
      ...common,
      oidc: {
        issuer,
        clientId,
        ...(clientSecret ? { clientSecret } : {}),
        redirectUrl,
        // Plain http only to a provider on this machine.
        allowHttp: at.protocol === 'http:' && LOOPBACK.has(at.hostname),
      },
    },
  }
}
