import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiMeSchema } from '@runink/protocol'
import { startServer, type RunningServer } from '@runink/server'
import { startTestProvider, TestBrowser, type TestProvider } from '@runink/server/testing'
import { barnFactories, type TestBarn } from '@runink/store/testing'
import { main } from '../main.js'
import { apiCall } from '../remote/api-call.js'
import { runCliWith } from '../testing/run-cli.js'

/** A port nothing listens on now (the server must know its URL before it listens). */
async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as { port: number }
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}

describe('runi login in the browser, against runi serve and a real OpenID provider', () => {
  let t: TestBarn
  let provider: TestProvider
  let server: RunningServer
  let home: string
  let at: { cwd: string; env: Record<string, string> }
  let userId: string

  beforeAll(async () => {
    t = await (barnFactories[0] as (typeof barnFactories)[number]).open()
    await t.barn.herds.ensure('finance')
    const port = await freePort()
    const url = `http://127.0.0.1:${port}`
    provider = await startTestProvider(`${url}/api/v1/auth/callback`)
    server = await startServer({
      barn: t.barn,
      port,
      auth: {
        oidc: {
          issuer: provider.issuer,
          clientId: provider.clientId,
          clientSecret: provider.clientSecret,
          redirectUrl: `${url}/api/v1/auth/callback`,
          allowHttp: true,
        },
      },
    })
    // Ada has been given a role before her first login through the CLI.
    userId = (await t.barn.users.signIn({ issuer: provider.issuer, subject: 'ada' })).id
    await t.barn.members.set('finance', userId, 'editor')
    home = await mkdtemp(path.join(tmpdir(), 'runink-login-'))
    at = { cwd: home, env: { XDG_CONFIG_HOME: path.join(home, '.config') } }
  })
  afterAll(async () => {
    await server.close()
    await provider.close()
    await t.cleanup()
    await rm(home, { recursive: true, force: true })
  })

  it('signs in through the browser with PKCE, saves a JWT that works, renews it, and logs out', async () => {
    const stdout = new PassThrough()
    const stderr = new PassThrough()
    let out = ''
    let err = ''
    stdout.on('data', (c: Buffer) => (out += c.toString()))
    const shown = new Promise<string>((resolve) =>
      stderr.on('data', (c: Buffer) => {
        err += c.toString()
        const url = /sign in in your browser: (\S+)/.exec(err)?.[1]
        if (url) resolve(url)
      }),
    )
    const exited = main(['login', server.url, '--no-open', '--name', 'sso'], {
      stdout,
      stderr,
      cwd: at.cwd,
      env: at.env,
    })
    const loginUrl = new URL(await shown)
    expect(loginUrl.origin).toBe(server.url)
    const loopback = new URL(loginUrl.searchParams.get('cli_redirect') as string)
    expect(loopback.hostname).toBe('127.0.0.1')
    const atCli = await new TestBrowser('ada').visit(
      loginUrl.href,
      (u) => u.origin === loopback.origin,
    )
    // The browser lands on the CLI's loopback page, which ends the login.
    const page = await fetch(atCli)
    expect(page.status).toBe(200)
    expect(await exited).toBe(0)
    expect(out).toContain(`signed in to ${server.url} as user:ada@example.com@${userId}`)
    expect(err).toContain('you have roles in: finance (editor)')

    const file = path.join(home, '.config', 'runink', 'profiles.json')
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    const saved = JSON.parse(await readFile(file, 'utf8')) as {
      profiles: Record<
        string,
        { url: string; token: string; refreshToken: string; expiresAt: string }
      >
    }
    const profile = saved.profiles.sso
    expect(profile).toMatchObject({ url: server.url, refreshToken: expect.stringMatching(/^rs_/) })
    expect(profile?.token.split('.')).toHaveLength(3)
    expect(JSON.stringify(saved)).not.toContain(provider.clientSecret)
    expect(Date.parse(profile?.expiresAt ?? '') - Date.now()).toBeLessThanOrEqual(3600_000)

    const me = apiMeSchema.parse(await apiCall(profile as never, 'GET', '/api/v1/me'))
    expect(me).toMatchObject({
      kind: 'user',
      id: userId,
      herds: [{ herd: 'finance', role: 'editor' }],
    })
    // A JWT whose signature is not the server's is refused.
    const forged = `${profile?.token.slice(0, -4)}AAAA`
    await expect(
      apiCall({ url: server.url, token: forged }, 'GET', '/api/v1/me'),
    ).rejects.toMatchObject({ code: 'RUNINK_AUTH_INVALID' })
    // So is a tampered one, and the answer says what to do about it.
    await expect(
      apiCall({ url: server.url, token: `${profile?.token}x` }, 'GET', '/api/v1/me'),
    ).rejects.toThrow(/runi login/)

    // Logging in again renews the sign-in with the refresh token: no browser this time.
    const again = await runCliWith(at, 'login', server.url, '--no-open', '--name', 'sso')
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('renewed the sign-in')

    // A JWT about to expire is renewed by the next command that talks to the server: here one
    // that could not work without it (its JWT replaced by garbage, its expiry passed).
    const renewedFile = JSON.parse(await readFile(file, 'utf8')) as typeof saved
    const current = renewedFile.profiles.sso as NonNullable<typeof profile>
    renewedFile.profiles.sso = {
      ...current,
      token: 'not.a.jwt',
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    }
    await writeFile(file, JSON.stringify(renewedFile))
    const runs = await runCliWith(at, 'runs', '--json')
    expect(runs.code, runs.stderr).toBe(0)
    const after = (JSON.parse(await readFile(file, 'utf8')) as typeof saved).profiles.sso
    expect(after?.token.split('.')).toHaveLength(3)
    expect(Date.parse(after?.expiresAt ?? '')).toBeGreaterThan(Date.now())
    expect((await stat(file)).mode & 0o777).toBe(0o600)

    const logout = await runCliWith(at, 'logout', 'sso')
    expect(logout.code).toBe(0)
    const refused = await fetch(`${server.url}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: profile?.refreshToken }),
    })
    expect(refused.status).toBe(401)
  })
})
