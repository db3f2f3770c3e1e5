import { createHash, randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixedClock } from '@runink/core'
import { apiErrorSchema, apiMeSchema, authTokenSchema } from '@runink/protocol'
import { barnFactories, type TestBarn } from '@runink/store/testing'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { createApp } from '../app/create-app.js'
import { JWT_AUDIENCE } from '../oidc/jwt-issuer.js'
import { TestBrowser } from '../oidc/testing/test-browser.js'
import { startTestProvider, type TestProvider } from '../oidc/testing/test-provider.js'

const RUNINK = 'http://runink.test'
const CALLBACK = `${RUNINK}/api/v1/auth/callback`
const CLI_REDIRECT = 'http://127.0.0.1:9/callback'

describe.each(barnFactories)('OpenID Connect login against oidc-provider: $name', (factory) => {
  let t: TestBarn
  let provider: TestProvider
  let app: ReturnType<typeof createApp>
  const clock = fixedClock(new Date())
  const request = (path: string, init: RequestInit = {}) => Promise.resolve(app.request(path, init))
  const pathOf = (url: string | URL) => {
    const u = new URL(url, RUNINK)
    return `${u.pathname}${u.search}`
  }

  /** A CLI login up to its one-time code: what the CLI's loopback redirect receives. */
  async function cliCode(user: string, challenge: string) {
    const start = await request(
      `/api/v1/auth/login?${new URLSearchParams({ cli_redirect: CLI_REDIRECT, cli_challenge: challenge, cli_state: 'state-of-the-cli' })}`,
    )
    expect(start.status).toBe(302)
    const browser = new TestBrowser(user)
    const atRunink = await browser.visit(start.headers.get('location') as string, (u) =>
      u.href.startsWith(RUNINK),
    )
    const back = await request(pathOf(atRunink))
    expect(back.status).toBe(302)
    const atCli = new URL(back.headers.get('location') as string)
    expect(`${atCli.origin}${atCli.pathname}`).toBe(CLI_REDIRECT)
    expect(atCli.searchParams.get('state')).toBe('state-of-the-cli')
    return atCli.searchParams.get('code') as string
  }
  const pkce = () => {
    const verifier = randomBytes(32).toString('base64url')
    return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
  }
  const trade = (body: object) =>
    request('/api/v1/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  const oidcOptions = () => ({
    issuer: provider.issuer,
    clientId: provider.clientId,
    clientSecret: provider.clientSecret,
    redirectUrl: CALLBACK,
    allowHttp: true,
  })
  const me = (auth: Record<string, string>) => request('/api/v1/me', { headers: auth })

  beforeAll(async () => {
    t = await factory.open()
    provider = await startTestProvider(CALLBACK)
    app = createApp({
      barn: t.barn,
      clock,
      auth: {
        oidc: oidcOptions(),
      },
    })
  })
  afterAll(async () => {
    await provider.close()
    await t.cleanup()
  })

  it('signs a console user in: PKCE login at the provider, a session cookie, and out again', async () => {
    const start = await request('/api/v1/auth/login')
    expect(start.status).toBe(302)
    const authorize = new URL(start.headers.get('location') as string)
    expect(authorize.origin).toBe(provider.issuer)
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256')
    for (const p of ['code_challenge', 'state', 'nonce'])
      expect(authorize.searchParams.get(p)).toMatch(/^[\w-]{20,}$/)
    expect(authorize.searchParams.get('client_id')).toBe(provider.clientId)
    expect(authorize.href).not.toContain(encodeURIComponent(provider.clientSecret))

    const browser = new TestBrowser('ada')
    const back = await browser.visit(authorize.href, (u) => u.href.startsWith(RUNINK))
    const done = await request(pathOf(back))
    expect(done.status).toBe(302)
    expect(done.headers.get('location')).toBe('/api/v1/me')
    const setCookie = done.headers.get('set-cookie') ?? ''
    expect(setCookie).toMatch(/^runink_session=rs_[\w-]{43};/)
    expect(setCookie).toMatch(/HttpOnly/)
    expect(setCookie).toMatch(/SameSite=Lax/)
    expect(setCookie).toMatch(/Path=\//)
    expect(setCookie).not.toMatch(/Secure/)
    const cookie = setCookie.split(';')[0] as string

    const who = apiMeSchema.parse(await (await me({ cookie })).json())
    expect(who).toMatchObject({ kind: 'user', name: 'ada@example.com', herds: [] })
    const user = await t.barn.users.get(who.id)
    expect(user).toMatchObject({ issuer: provider.issuer, subject: 'ada', displayName: 'ada' })
    const actor = `user:ada@example.com@${who.id}`
    expect((await t.barn.audit.query({ actor })).map((e) => e.action)).toEqual([
      'user.create',
      'session.start',
    ])
    // The same state cannot be used twice.
    expect((await request(pathOf(back))).status).toBe(401)

    const noHeader = await request('/api/v1/auth/logout', { method: 'POST', headers: { cookie } })
    expect(apiErrorSchema.parse(await noHeader.json()).error.code).toBe('RUNINK_AUTH_CSRF')
    const out = await request('/api/v1/auth/logout', {
      method: 'POST',
      headers: { cookie, 'x-runink-csrf': '1' },
    })
    expect(await out.json()).toEqual({ ended: true })
    expect(out.headers.get('set-cookie')).toMatch(/^runink_session=;.*Max-Age=0/)
    expect((await me({ cookie })).status).toBe(401)
  })

  it('gives the CLI a JWT for its one-time code and PKCE verifier, renewable, never the client secret', async () => {
    const wrong = pkce()
    const stolen = await cliCode('bob', wrong.challenge)
    // A code without the verifier it was asked with is refused, and is then spent.
    const refused = await trade({
      grant_type: 'authorization_code',
      code: stolen,
      code_verifier: pkce().verifier,
    })
    expect(refused.status).toBe(401)
    expect(apiErrorSchema.parse(await refused.json()).error.code).toBe('RUNINK_AUTH_LOGIN_FAILED')
    const late = await trade({
      grant_type: 'authorization_code',
      code: stolen,
      code_verifier: wrong.verifier,
    })
    expect(late.status).toBe(401)

    const { verifier, challenge } = pkce()
    const code = await cliCode('bob', challenge)
    const answer = await trade({ grant_type: 'authorization_code', code, code_verifier: verifier })
    expect(answer.status).toBe(200)
    const text = await answer.text()
    expect(text).not.toContain(provider.clientSecret)
    const tokens = authTokenSchema.parse(JSON.parse(text))
    const [header, payload] = tokens.access_token
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>)
    expect(header).toMatchObject({ alg: 'ES256', typ: 'JWT' })
    const who = apiMeSchema.parse(
      await (await me({ authorization: `Bearer ${tokens.access_token}` })).json(),
    )
    expect(who).toMatchObject({ kind: 'user', name: 'bob@example.com' })
    expect(payload).toMatchObject({ sub: who.id, aud: JWT_AUDIENCE, iss: RUNINK })
    const life = (payload?.exp as number) - (payload?.iat as number)
    expect(life).toBeGreaterThan(0)
    expect(life).toBeLessThanOrEqual(3600)

    // Expired: refused; the refresh token gets a new one.
    clock.advance(life * 1000)
    const expired = await me({ authorization: `Bearer ${tokens.access_token}` })
    expect(expired.status).toBe(401)
    expect(apiErrorSchema.parse(await expired.json()).error.message).toContain('runi login')
    const renewed = authTokenSchema.parse(
      await (
        await trade({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token })
      ).json(),
    )
    expect((await me({ authorization: `Bearer ${renewed.access_token}` })).status).toBe(200)
    const ended = await request('/api/v1/auth/logout', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: tokens.refresh_token }),
    })
    expect(await ended.json()).toEqual({ ended: true })
    const dead = await trade({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token })
    expect(dead.status).toBe(401)
  })

  it('refuses forged, tampered and alg-none JWTs, and logins it did not start', async () => {
    const user = await t.barn.users.signIn({ issuer: provider.issuer, subject: 'mallory' })
    const now = Math.floor(clock.now().getTime() / 1000)
    const claims = { sub: user.id, aud: JWT_AUDIENCE, iss: RUNINK, iat: now, exp: now + 600 }
    const other = await generateKeyPair('ES256')
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: (await exportJWK(other.publicKey)).x as string })
      .sign(other.privateKey)
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`
    const hs = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('guessed'))
    const { verifier, challenge } = pkce()
    const good = authTokenSchema.parse(
      await (
        await trade({
          grant_type: 'authorization_code',
          code: await cliCode('carol', challenge),
          code_verifier: verifier,
        })
      ).json(),
    )
    const [h, , sig] = good.access_token.split('.')
    const tampered = `${h}.${b64(claims)}.${sig}`
    for (const jwt of [forged, none, hs, tampered]) {
      const r = await me({ authorization: `Bearer ${jwt}` })
      expect(r.status, jwt).toBe(401)
      expect(apiErrorSchema.parse(await r.json()).error.code).toBe('RUNINK_AUTH_INVALID')
    }
    expect((await me({ authorization: `Bearer ${good.access_token}` })).status).toBe(200)

    const unknown = await request('/api/v1/auth/callback?code=x&state=never-started')
    expect(apiErrorSchema.parse(await unknown.json()).error.code).toBe('RUNINK_AUTH_LOGIN_FAILED')
    for (const redirect of [
      'https://evil.example/cb',
      'http://127.0.0.1/cb',
      'http://localhost:9/',
    ])
      expect(
        (
          await request(
            `/api/v1/auth/login?${new URLSearchParams({ cli_redirect: redirect, cli_challenge: challenge, cli_state: 'state-of-the-cli' })}`,
          )
        ).status,
        redirect,
      ).toBe(400)
  })

  it('marks the cookie Secure behind an https public URL, and says when OIDC is off', async () => {
    const secure = createApp({
      barn: t.barn,
      auth: {
        publicUrl: 'https://runink.example',
        oidc: oidcOptions(),
      },
    })
    const start = await secure.request('/api/v1/auth/login')
    const back = await new TestBrowser('dan').visit(start.headers.get('location') as string, (u) =>
      u.href.startsWith(RUNINK),
    )
    const done = await secure.request(pathOf(back))
    expect(done.headers.get('set-cookie')).toMatch(/; Secure/)
    const off = await createApp({ barn: t.barn }).request('/api/v1/auth/login')
    expect(off.status).toBe(404)
    expect(apiErrorSchema.parse(await off.json()).error.code).toBe('RUNINK_AUTH_OIDC_OFF')
  })
})
