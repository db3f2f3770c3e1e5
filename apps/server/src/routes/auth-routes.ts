import { createHash, randomBytes } from 'node:crypto'
import { z, type OpenAPIHono } from '@hono/zod-openapi'
import { RuninkError } from '@runink/core'
import {
  authCallbackQuerySchema,
  authLoginQuerySchema,
  authLogoutSchema,
  authTokenRequestSchema,
  authTokenSchema,
  ServerCodes,
  type AuthTokenRequest,
} from '@runink/protocol'
import { userActor } from '@runink/store'
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { CSRF_HEADER, isSafeMethod, SESSION_COOKIE } from '../auth/session-cookie.js'
import type { ServerDeps } from '../app/server-deps.js'
import type { ServerEnv } from '../app/server-env.js'
import { isLoopbackRedirect } from '../oidc/loopback-redirect.js'
import { OidcLogin, type LoginStart } from '../oidc/oidc-login.js'
import { PendingLogins } from '../oidc/pending-logins.js'
import { publicUrlOf } from '../oidc/with-auth.js'
import { ERROR_RESPONSES, securedRoute } from './secured-route.js'

const PUBLIC = { scope: 'public' } as const
const LOGIN_TTL_MS = 10 * 60_000
const CODE_TTL_MS = 60_000
const DEFAULT_SESSION_TTL_MS = 12 * 3600_000
/** Where the browser lands after a console login (the console's home, once there is one). */
const CONSOLE_LANDING = '/api/v1/me'

const redirect = (description: string) => ({
  description,
  headers: z.object({ location: z.string() }),
})

const login = securedRoute(PUBLIC, {
  method: 'get',
  path: '/api/v1/auth/login',
  summary:
    'Starts an OpenID Connect login (PKCE S256, state, nonce): redirects to the provider. With cli_redirect (a loopback URL), cli_challenge and cli_state, the login ends at the CLI with a one-time code.',
  request: { query: authLoginQuerySchema },
  responses: { 302: redirect('to the provider'), ...ERROR_RESPONSES },
})

const callback = securedRoute(PUBLIC, {
  method: 'get',
  path: '/api/v1/auth/callback',
  summary:
    'Where the provider returns: signs the user in (made at the first login), then sets the session cookie and goes to the console, or hands the CLI its one-time code.',
  request: { query: authCallbackQuerySchema },
  responses: { 302: redirect('to the console or the CLI'), ...ERROR_RESPONSES },
})

const token = securedRoute(PUBLIC, {
  method: 'post',
  path: '/api/v1/auth/token',
  summary:
    "The CLI's JWT: for its one-time code and PKCE verifier, or for a refresh token (a server session).",
  request: {
    body: { content: { 'application/json': { schema: authTokenRequestSchema } }, required: true },
  },
  responses: {
    200: { description: 'a JWT', content: { 'application/json': { schema: authTokenSchema } } },
    ...ERROR_RESPONSES,
  },
})

const logout = securedRoute(PUBLIC, {
  method: 'post',
  path: '/api/v1/auth/logout',
  summary:
    'Ends the session of the cookie (send the x-runink-csrf header) or of the refresh token in the body, and clears the cookie.',
  request: {
    body: { content: { 'application/json': { schema: authLogoutSchema } }, required: false },
  },
  responses: {
    200: {
      description: 'signed out',
      content: { 'application/json': { schema: z.object({ ended: z.boolean() }) } },
    },
    ...ERROR_RESPONSES,
  },
})

type Pending = {
  readonly start: LoginStart
  readonly cli?: { redirect: string; challenge: string; state: string }
}
type CliCode = { readonly userId: string; readonly challenge: string }

function loginFailed(message: string): RuninkError {
  return new RuninkError(ServerCodes.RUNINK_AUTH_LOGIN_FAILED, message)
}

const s256 = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url')

/**
 * OpenID Connect login for the console and the CLI (`/api/v1/auth/…`, all public: they are how
 * one gets a credential). The provider's client secret stays here; the CLI gets a one-time code
 * on its loopback redirect and trades it, with the PKCE verifier only it knows, for a JWT signed
 * by this server and a refresh token (a server session). Logins in flight and one-time codes
 * live in this process's memory.
 */
export function registerAuthRoutes(app: OpenAPIHono<ServerEnv>, deps: ServerDeps): void {
  const { barn } = deps
  const oidc = deps.auth?.oidc ? new OidcLogin(deps.auth.oidc) : undefined
  const pending = new PendingLogins<Pending>(LOGIN_TTL_MS, deps.clock)
  const codes = new PendingLogins<CliCode>(CODE_TTL_MS, deps.clock)
  const sessionTtl = deps.auth?.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS
  const secure = publicUrlOf(deps)?.startsWith('https:') ?? false
  const requireOidc = (): OidcLogin => {
    if (oidc) return oidc
    throw new RuninkError(
      ServerCodes.RUNINK_AUTH_OIDC_OFF,
      'this server has no OpenID provider configured: sign in with an API token',
    )
  }
  const jwtFor = async (userId: string, refresh: { secret: string; expiresAt: Date }) => {
    if (!deps.jwt) throw new Error('createApp gives every app a JWT issuer')
    const signed = await deps.jwt.sign(userId)
    return {
      access_token: signed.token,
      token_type: 'Bearer' as const,
      expires_at: signed.expiresAt.toISOString(),
      refresh_token: refresh.secret,
      refresh_expires_at: refresh.expiresAt.toISOString(),
    }
  }

  app.openapi(login.route, async (c) => {
    const q = c.req.valid('query')
    const given = [q.cli_redirect, q.cli_challenge, q.cli_state].filter((v) => v !== undefined)
    if (given.length !== 0 && given.length !== 3)
      throw new RuninkError(
        ServerCodes.RUNINK_HTTP_BAD_REQUEST,
        'a CLI login needs cli_redirect, cli_challenge and cli_state together',
      )
    if (q.cli_redirect !== undefined && !isLoopbackRedirect(q.cli_redirect))
      throw new RuninkError(
        ServerCodes.RUNINK_HTTP_BAD_REQUEST,
        `cli_redirect must be a loopback URL with a port (http://127.0.0.1:<port>/…), not ${q.cli_redirect}`,
      )
    const start = await requireOidc().start()
    const cli =
      q.cli_redirect && q.cli_challenge && q.cli_state
        ? { redirect: q.cli_redirect, challenge: q.cli_challenge, state: q.cli_state }
        : undefined
    pending.put(start.state, { start, ...(cli ? { cli } : {}) })
    return c.redirect(start.url, 302)
  })

  app.openapi(callback.route, async (c) => {
    const provider = requireOidc()
    const q = c.req.valid('query')
    const started = q.state === undefined ? undefined : pending.take(q.state)
    if (!started) throw loginFailed('no login in progress with this state (expired, or used)')
    if (q.error !== undefined)
      throw loginFailed(`the provider refused the login: ${q.error} ${q.error_description ?? ''}`)
    const here = new URL(deps.auth?.oidc?.redirectUrl as string)
    here.search = new URL(c.req.url).search
    const user = await barn.users.signIn(await provider.finish(here, started.start))
    if (started.cli) {
      const code = randomBytes(32).toString('base64url')
      codes.put(code, { userId: user.id, challenge: started.cli.challenge })
      const back = new URL(started.cli.redirect)
      back.searchParams.set('code', code)
      back.searchParams.set('state', started.cli.state)
      return c.redirect(back.href, 302)
    }
    const { secret } = await barn.sessions.start(user.id, sessionTtl, userActor(user))
    setCookie(c, SESSION_COOKIE, secret, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      secure,
      maxAge: Math.floor(sessionTtl / 1000),
    })
    return c.redirect(CONSOLE_LANDING, 302)
  })

  app.openapi(token.route, async (c) => {
    const body: AuthTokenRequest = c.req.valid('json')
    if (body.grant_type === 'authorization_code') {
      const held = codes.take(body.code)
      if (!held || s256(body.code_verifier) !== held.challenge)
        throw loginFailed('the login code is unknown, used, expired, or not for this verifier')
      const user = await barn.users.get(held.userId)
      if (!user) throw loginFailed('the user of this login is gone')
      const { session, secret } = await barn.sessions.start(user.id, sessionTtl, userActor(user))
      return c.json(await jwtFor(user.id, { secret, expiresAt: session.expiresAt }), 200)
    }
    const session = await barn.sessions.authenticate(body.refresh_token)
    if (!session)
      throw loginFailed('the refresh token is not valid (expired or revoked): run runi login again')
    return c.json(
      await jwtFor(session.userId, { secret: body.refresh_token, expiresAt: session.expiresAt }),
      200,
    )
  })

  app.openapi(logout.route, async (c) => {
    const fromCookie = getCookie(c, SESSION_COOKIE)
    if (fromCookie !== undefined && !isSafeMethod(c.req.method) && !c.req.header(CSRF_HEADER))
      throw new RuninkError(
        ServerCodes.RUNINK_AUTH_CSRF,
        `signing out with the session cookie needs the ${CSRF_HEADER} header`,
      )
    const secret = fromCookie ?? (await bodySecret(c))
    const session = secret === undefined ? undefined : await barn.sessions.authenticate(secret)
    if (fromCookie !== undefined) deleteCookie(c, SESSION_COOKIE, { path: '/', secure })
    if (!session) return c.json({ ended: false }, 200)
    const user = await barn.users.get(session.userId)
    await barn.sessions.revoke(session.id, user ? userActor(user) : `user:@${session.userId}`)
    return c.json({ ended: true }, 200)
  })
}

/** The refresh token in a logout's JSON body, if it has one. */
async function bodySecret(c: Context<ServerEnv>): Promise<string | undefined> {
  const text = await c.req.text()
  if (text === '') return undefined
  const parsed = authLogoutSchema.safeParse(JSON.parse(text))
  return parsed.success ? parsed.data.refresh_token : undefined
}
