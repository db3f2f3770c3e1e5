import type { Command } from 'commander'
import { ExitCode } from '@runink/core'
import { apiMeSchema } from '@runink/protocol'
import { action, type CliContext } from '../cli-context.js'
import type { CliIo } from '../cli-io.js'
import { CliError } from '../cli-error.js'
import { eprintln, println } from '../output.js'
import { apiCall } from '../remote/api-call.js'
import { browserLogin, tokenRequest } from '../remote/browser-login.js'
import { profileOfToken } from '../remote/fresh-profile.js'
import { readProfiles, removeProfile, saveProfile } from '../remote/profiles.js'
import { withExamples } from './with-examples.js'

/** Reads a token piped on stdin (never echoed), trimmed. */
async function tokenFromStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8').trim()
}

/**
 * A signed-in profile for the server: the saved one's refresh token renewed when it still works
 * (no browser), else a browser login.
 */
async function signIn(io: CliIo, base: string, name: string, open: boolean) {
  const saved = (await readProfiles(io.env)).profiles[name]
  if (saved?.url === base && saved.refreshToken !== undefined) {
    const renewed = await tokenRequest(base, {
      grant_type: 'refresh_token',
      refresh_token: saved.refreshToken,
    }).catch(() => undefined)
    if (renewed) return { profile: profileOfToken(base, renewed), how: 'renewed the sign-in' }
  }
  const token = await browserLogin({
    url: base,
    open,
    show: (url) => eprintln(io, `sign in in your browser: ${url}`),
  })
  return { profile: profileOfToken(base, token), how: 'signed in' }
}

/**
 * `runi login <url>` and `runi logout`: save (or forget) a server and a credential for
 * `runi run --server`. With an API token (`--token`, RUNINK_TOKEN, or stdin) it is checked
 * against the server before it is saved; without one, the user signs in through the server's
 * OpenID provider in the browser and the profile keeps a short-lived JWT and its refresh token.
 */
export function registerLogin(program: Command, ctx: CliContext): void {
  const login = program
    .command('login <url>')
    .description(
      'save a runi serve URL and a credential for runi run --server: an API token (checked first), or a browser sign-in',
    )
    .option('--token <secret>', 'the API token (else RUNINK_TOKEN, else read from stdin)')
    .option('--name <profile>', 'profile name (default: the URL’s host)')
    .option('--no-open', 'print the sign-in URL without opening a browser')
    .action(
      action(ctx, async (url: string, opts: { token?: string; name?: string; open: boolean }) => {
        const { io } = ctx
        let parsed: URL
        try {
          parsed = new URL(url)
        } catch {
          throw new CliError('RUNINK_CLI_USAGE', `not a URL: ${url} (e.g. http://127.0.0.1:8080)`)
        }
        const base = parsed.origin
        const name = opts.name ?? parsed.host
        const token =
          opts.token ??
          io.env.RUNINK_TOKEN ??
          (process.stdin.isTTY || io.stdout !== process.stdout ? '' : await tokenFromStdin())
        const { profile, how } =
          token === ''
            ? await signIn(io, base, name, opts.open)
            : { profile: { url: base, token }, how: 'logged in' }
        const me = apiMeSchema.parse(await apiCall(profile, 'GET', '/api/v1/me'))
        const file = await saveProfile(io.env, name, profile)
        println(io, `${how} to ${base} as ${me.actor} (profile ${name}, saved in ${file})`)
        const herds = me.herds.map((h) => (me.kind === 'user' ? `${h.herd} (${h.role})` : h.herd))
        eprintln(
          io,
          `${me.kind === 'user' ? 'you have roles in' : 'this token sees herds'}: ${herds.join(', ') || 'none'}`,
        )
        if (profile.expiresAt)
          eprintln(io, `the sign-in lasts until ${profile.expiresAt}; runi login ${base} renews it`)
        return ExitCode.ok
      }),
    )
  withExamples(
    login,
    'runi login https://runink.example.com',
    'runi login http://127.0.0.1:8080 --token rk_…',
    'echo "$TOKEN" | runi login https://runink.example.com',
  )
  program
    .command('logout [profile]')
    .description('forget a saved server and its credential (default: the active one)')
    .action(
      action(ctx, async (name: string | undefined) => {
        const { active, profiles } = await readProfiles(ctx.io.env)
        const which = name ?? active
        const saved = which === undefined ? undefined : profiles[which]
        // A browser sign-in ends on the server too (best effort: the profile goes either way).
        if (saved?.refreshToken !== undefined)
          await fetch(new URL('/api/v1/auth/logout', saved.url), {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ refresh_token: saved.refreshToken }),
          }).catch(() => undefined)
        const removed = await removeProfile(ctx.io.env, name)
        println(ctx.io, removed ? `logged out${name ? ` of ${name}` : ''}` : 'no such profile')
        return removed ? ExitCode.ok : ExitCode.usage
      }),
    )
}
