import type { Command } from 'commander'
import { ExitCode } from '@runink/core'
import { action, type CliContext } from '../cli-context.js'
import { CliError } from '../cli-error.js'
import { printJson, println } from '../output.js'
import { withExamples } from './with-examples.js'
import { HOME_OPTION } from './open-barn-for.js'
import { LOCAL_OPTION, SERVER_OPTION } from '../remote/server-target.js'
import { withReader, type ReaderOptions } from '../read/with-reader.js'

interface LogOptions extends ReaderOptions {
  since?: string
  actor?: string
  action?: string
  limit: string
  json?: boolean
}

/** Parses `--since`: an ISO date/time, or a duration back from now (`30m`, `2h`, `7d`). */
export function parseSince(text: string, now: Date): Date {
  const ago = /^(\d+)(s|m|h|d)$/.exec(text)
  if (ago) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
      ago[2] as 's' | 'm' | 'h' | 'd'
    ]
    return new Date(now.getTime() - Number(ago[1]) * unit)
  }
  const date = new Date(text)
  if (Number.isNaN(date.getTime())) {
    throw new CliError(
      'RUNINK_CLI_USAGE',
      `--since takes an ISO time or a duration like 2h or 7d, not "${text}"`,
    )
  }
  return date
}

/** `runi audit log`: audit entries, filtered. */
export function registerAuditLog(group: Command, ctx: CliContext): void {
  const cmd = group
    .command('log')
    .description('show audit entries, oldest first')
    .option('--since <time>', 'ISO time or a duration back from now (30m, 2h, 7d)')
    .option('--actor <name>', 'only this actor')
    .option('--action <name>', 'only this action (e.g. run.create)')
    .option('--limit <n>', 'at most n entries', '100')
    .option('--json', 'print JSON')
    .option(...HOME_OPTION)
    .option(...SERVER_OPTION)
    .option(...LOCAL_OPTION)
    .action(
      action(ctx, (opts: LogOptions) => {
        const limit = Number(opts.limit)
        if (!Number.isInteger(limit) || limit < 1)
          throw new CliError('RUNINK_CLI_USAGE', '--limit must be a positive integer')
        const since = opts.since === undefined ? undefined : parseSince(opts.since, new Date())
        return withReader(ctx.io, opts, async (reader) => {
          const entries = await reader.auditEntries({
            limit,
            ...(since ? { since } : {}),
            ...(opts.actor ? { actor: opts.actor } : {}),
            ...(opts.action ? { action: opts.action } : {}),
          })
          if (opts.json) printJson(ctx.io, entries)
          else {
            for (const e of entries) {
              println(
                ctx.io,
                `${e.seq}  ${e.at}  ${e.actor}  ${e.action}  ${e.resource}${e.herd ? `  herd=${e.herd}` : ''}`,
              )
            }
          }
          return ExitCode.ok
        })
      }),
    )
  withExamples(
    cmd,
    'runi audit log --since 24h --action run.create',
    'runi audit log --actor alice --json',
  )
}
