import type { Command } from 'commander'
import { ExitCode } from '@runink/core'
import { action, type CliContext } from '../cli-context.js'
import { CliError } from '../cli-error.js'
import { eprintln, println } from '../output.js'
import { apiCall } from '../remote/api-call.js'
import { removeProfile, saveProfile } from '../remote/profiles.js'
import { withExamples } from './with-examples.js'

/** Reads a token piped on stdin (never echoed), trimmed. */
async function tokenFromStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8').trim()
}

/**
 * `runi login <url>` and `runi logout`: save (or forget) a server and an API token for
 * `runi run --server`. The token comes from `--token`, RUNINK_TOKEN, or stdin; it is checked
 * against the server before it is saved.
 */
export function registerLogin(program: Command, ctx: CliContext): void {
  const login = program
    .command('login <url>')
    .description('save a runi serve URL and an API token (checked first) for runi run --server')
    .option('--token <secret>', 'the API token (else RUNINK_TOKEN, else read from stdin)')
    .option('--name <profile>', 'profile name (default: the URL’s host)')
    .action(
      action(ctx, async (url: string, opts: { token?: string; name?: string }) => {
        const { io } = ctx
        let parsed: URL
        try {
          parsed = new URL(url)
        } catch {
          throw new CliError('RUNINK_CLI_USAGE', `not a URL: ${url} (e.g. http://127.0.0.1:8080)`)
        }
        const base = parsed.origin
        const token =
          opts.token ??
          io.env.RUNINK_TOKEN ??
          (process.stdin.isTTY || io.stdout !== process.stdout ? '' : await tokenFromStdin())
        if (token === '')
          throw new CliError(
            'RUNINK_CLI_USAGE',
            'no token: pass --token, set RUNINK_TOKEN, or pipe it in (runi token create prints one on the server’s host)',
          )
        const herds = await apiCall<{ items: Array<{ name: string }> }>(
          { url: base, token },
          'GET',
          '/api/v1/herds',
        )
        const name = opts.name ?? parsed.host
        const file = await saveProfile(io.env, name, { url: base, token })
        println(io, `logged in to ${base} (profile ${name}, saved in ${file})`)
        eprintln(
          io,
          `this token sees herds: ${herds.items.map((h) => h.name).join(', ') || 'none'}`,
        )
        return ExitCode.ok
      }),
    )
  withExamples(
    login,
    'runi login http://127.0.0.1:8080 --token rk_…',
    'echo "$TOKEN" | runi login https://runink.example.com',
  )
  program
    .command('logout [profile]')
    .description('forget a saved server and its token (default: the active one)')
    .action(
      action(ctx, async (name: string | undefined) => {
        const removed = await removeProfile(ctx.io.env, name)
        println(ctx.io, removed ? `logged out${name ? ` of ${name}` : ''}` : 'no such profile')
        return removed ? ExitCode.ok : ExitCode.usage
      }),
    )
}
