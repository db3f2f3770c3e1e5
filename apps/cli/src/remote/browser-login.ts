import { spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { authTokenSchema, type AuthToken } from '@runink/protocol'
import { CliError } from '../cli-error.js'
import { answerError } from './api-call.js'

/** How long the CLI waits for the browser to come back. */
const WAIT_MS = 5 * 60_000

/** What browserLogin needs: the server, where to say things, and whether to open a browser. */
export interface BrowserLoginOptions {
  readonly url: string
  /** Told the URL to open (the CLI prints it). */
  readonly show: (loginUrl: string) => void
  /** Try to open the system browser on the URL (xdg-open, open, or start). */
  readonly open: boolean
  readonly waitMs?: number
}

function openBrowser(url: string): void {
  const [command, ...args] =
    process.platform === 'darwin'
      ? ['open', url]
      : process.platform === 'win32'
        ? ['cmd', '/c', 'start', '', url]
        : ['xdg-open', url]
  try {
    const child = spawn(command as string, args, { stdio: 'ignore', detached: true })
    // No browser to open is fine: the URL is printed.
    child.on('error', () => undefined)
    child.unref()
  } catch {
    // Printed above; nothing else to do.
  }
}

const PAGE = (text: string) =>
  `<!doctype html><meta charset="utf-8"><title>runi login</title><p>${text}</p>`

/**
 * `runi login <url>` without a token: an OpenID Connect login through the server, in the
 * browser. The CLI listens on a random loopback port, sends the browser to the server's
 * /api/v1/auth/login with that redirect, a PKCE S256 challenge and a state, receives the
 * one-time code there, and trades it with its verifier for a JWT and a refresh token. The
 * provider's client secret stays on the server.
 */
export async function browserLogin(options: BrowserLoginOptions): Promise<AuthToken> {
  const verifier = randomBytes(32).toString('base64url')
  const challenge = createHash('sha256').update(verifier).digest('base64url')
  const state = randomBytes(16).toString('base64url')
  let settle!: (result: { code: string } | { error: string }) => void
  const arrived = new Promise<{ code: string } | { error: string }>((r) => (settle = r))
  const server = createServer((req, res) => {
    const at = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (at.pathname !== '/callback') {
      res.writeHead(404).end()
      return
    }
    const code = at.searchParams.get('code')
    const ok = code !== null && at.searchParams.get('state') === state
    res
      .writeHead(ok ? 200 : 400, { 'content-type': 'text/html; charset=utf-8' })
      .end(PAGE(ok ? 'Signed in: you can close this tab.' : 'This login did not work.'))
    settle(ok ? { code } : { error: 'the login came back without a code or with another state' })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const timer = setTimeout(
    () => settle({ error: 'no answer from the browser in time' }),
    options.waitMs ?? WAIT_MS,
  )
  try {
    const login = new URL('/api/v1/auth/login', options.url)
    login.search = new URLSearchParams({
      cli_redirect: `http://127.0.0.1:${port}/callback`,
      cli_challenge: challenge,
      cli_state: state,
    }).toString()
    options.show(login.href)
    if (options.open) openBrowser(login.href)
    const result = await arrived
    if ('error' in result) throw new CliError('RUNINK_CLI_USAGE', `login failed: ${result.error}`)
    return await tokenRequest(options.url, {
      grant_type: 'authorization_code',
      code: result.code,
      code_verifier: verifier,
    })
  } finally {
    clearTimeout(timer)
    server.closeAllConnections()
    server.close()
  }
}

/** POST /api/v1/auth/token: a JWT for a login code or a refresh token. */
export async function tokenRequest(url: string, body: object): Promise<AuthToken> {
  const response = await fetch(new URL('/api/v1/auth/token', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).catch((error: unknown) => {
    throw new CliError('RUNINK_CLI_USAGE', `cannot reach the server at ${url}: ${String(error)}`)
  })
  const json: unknown = await response.json().catch(() => undefined)
  if (!response.ok) throw answerError({ url, token: '' }, response.status, json)
  return authTokenSchema.parse(json)
}
