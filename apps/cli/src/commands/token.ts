import type { Command } from 'commander'
import { ExitCode, HerdRole, isOneOf } from '@runink/core'
import { action, type CliContext } from '../cli-context.js'
import { CliError } from '../cli-error.js'
import { eprintln, printJson, println } from '../output.js'
import { formatTable } from './format-table.js'
import { HOME_OPTION, withBarn } from './open-barn-for.js'
import { withExamples } from './with-examples.js'

const DAY_MS = 24 * 60 * 60 * 1000
const ROLES = Object.values(HerdRole)

type CreateOpts = {
  herd?: string
  instance?: boolean
  role: string
  expiresInDays: string
  json?: boolean
  home?: string
}

function expiryOf(days: string, now: Date): Date {
  const n = Number(days)
  if (!Number.isInteger(n) || n < 1 || n > 3650)
    throw new CliError('RUNINK_CLI_USAGE', `--expires-in-days takes 1 to 3650, not ${days}`)
  return new Date(now.getTime() + n * DAY_MS)
}

/**
 * `runi token create|list|revoke`: API tokens for `runi serve`, made on the host that holds the
 * Barn (whoever can write the Barn is trusted to; the server's API makes herd tokens too).
 */
export function registerToken(program: Command, ctx: CliContext): void {
  const group = (program.command('token') as Command).description(
    'API tokens for runi serve: make one for a herd (or every herd), list, revoke',
  )
  const create = group
    .command('create <name>')
    .description('make a token; its secret is printed once and stored only as a hash (audited)')
    .option('--herd <herd>', 'the herd it acts in')
    .option('--instance', 'a token for every herd (with --role admin: an instance admin)')
    .option('--role <role>', `its role: ${ROLES.join(', ')}`, 'viewer')
    .option('--expires-in-days <n>', 'days until it expires', '90')
    .option('--json', 'print JSON')
    .option(...HOME_OPTION)
    .action(
      action(ctx, (name: string, opts: CreateOpts) => {
        if (Boolean(opts.herd) === Boolean(opts.instance))
          throw new CliError(
            'RUNINK_CLI_USAGE',
            'say which herd the token acts in: --herd <herd> or --instance',
          )
        if (!isOneOf(HerdRole, opts.role))
          throw new CliError(
            'RUNINK_CLI_USAGE',
            `--role takes ${ROLES.join(', ')}, not ${opts.role}`,
          )
        const role = opts.role
        const expiresAt = expiryOf(opts.expiresInDays, new Date())
        return withBarn(
          ctx.io,
          opts.home,
          async (barn) => {
            const { token, secret } = await barn.tokens.create({
              name,
              herd: opts.herd ?? null,
              role,
              expiresAt,
            })
            if (opts.json) printJson(ctx.io, { token, secret })
            else {
              println(ctx.io, secret)
              eprintln(
                ctx.io,
                `token ${token.id} (${name}): ${role} in ${token.herd ?? 'every herd'}, expires ${expiresAt.toISOString()}. The secret above is shown this once; send it as Authorization: Bearer <secret>.`,
              )
            }
            return ExitCode.ok
          },
          { mustExist: false },
        )
      }),
    )
  withExamples(
    create,
    'runi token create ops-admin --instance --role admin',
    'runi token create nightly --herd finance --role editor --expires-in-days 30',
  )
  group
    .command('list')
    .description('every token (never its secret), newest first')
    .option('--herd <herd>', 'only this herd’s')
    .option('--json', 'print JSON')
    .option(...HOME_OPTION)
    .action(
      action(ctx, (opts: { herd?: string; json?: boolean; home?: string }) =>
        withBarn(ctx.io, opts.home, async (barn) => {
          const tokens = await barn.tokens.list(opts.herd ? { herd: opts.herd } : {})
          if (opts.json) printJson(ctx.io, tokens)
          else
            println(
              ctx.io,
              formatTable(
                ['ID', 'NAME', 'HERD', 'ROLE', 'EXPIRES', 'LAST USED', 'REVOKED'],
                tokens.map((t) => [
                  t.id,
                  t.name,
                  t.herd ?? '*',
                  t.role,
                  t.expiresAt?.toISOString() ?? '-',
                  t.lastUsedAt?.toISOString() ?? '-',
                  t.revokedAt?.toISOString() ?? '-',
                ]),
              ),
            )
          return ExitCode.ok
        }),
      ),
    )
  group
    .command('revoke <id>')
    .description('revoke a token at once (audited)')
    .option(...HOME_OPTION)
    .action(
      action(ctx, (id: string, opts: { home?: string }) =>
        withBarn(ctx.io, opts.home, async (barn) => {
          const token = await barn.tokens.revoke(id)
          println(
            ctx.io,
            `token ${token.id} (${token.name}) revoked at ${token.revokedAt?.toISOString()}`,
          )
          return ExitCode.ok
        }),
      ),
    )
}
