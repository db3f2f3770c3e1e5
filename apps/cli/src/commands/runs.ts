import type { Command } from 'commander'
import { ExitCode, isOneOf } from '@runink/core'
import { RunStatus } from '@runink/store'
import { action, type CliContext } from '../cli-context.js'
import { CliError } from '../cli-error.js'
import { printJson, println } from '../output.js'
import { withExamples } from './with-examples.js'
import { formatTable } from './format-table.js'
import { HOME_OPTION } from './open-barn-for.js'
import { LOCAL_OPTION, SERVER_OPTION } from '../remote/server-target.js'
import { withReader } from '../read/with-reader.js'

/** How long a run took, or has been running: `1.2s`, `3m04s`. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`
  const s = Math.round(ms / 1000)
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
}

/** `runi runs`: recent runs, optionally of one status. */
export function registerRuns(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('runs')
    .description('list recent runs, newest first')
    .option(
      '--status <status>',
      `only runs in this status (${Object.values(RunStatus).join(', ')})`,
    )
    .option('--herd <name>', 'only this herd')
    .option('--limit <n>', 'at most n runs', '50')
    .option('--json', 'print JSON')
    .option(...HOME_OPTION)
    .option(...SERVER_OPTION)
    .option(...LOCAL_OPTION)
    .action(
      action(
        ctx,
        (opts: {
          status?: string
          herd?: string
          limit: string
          json?: boolean
          home?: string
          server?: string | boolean
          local?: boolean
        }) => {
          if (opts.status !== undefined && !isOneOf(RunStatus, opts.status)) {
            throw new CliError(
              'RUNINK_CLI_USAGE',
              `--status must be one of ${Object.values(RunStatus).join(', ')}`,
            )
          }
          const status = opts.status as RunStatus | undefined
          const limit = Number(opts.limit)
          if (!Number.isInteger(limit) || limit < 1)
            throw new CliError('RUNINK_CLI_USAGE', '--limit must be a positive integer')
          return withReader(ctx.io, opts, async (reader) => {
            const runs = await reader.runs({
              limit,
              ...(status ? { status } : {}),
              ...(opts.herd ? { herd: opts.herd } : {}),
            })
            if (opts.json) printJson(ctx.io, runs)
            else if (runs.length === 0) println(ctx.io, 'no runs')
            else {
              const now = Date.now()
              const rows = runs.map((r) => [
                r.id,
                r.status,
                r.herd,
                r.createdAt.toISOString(),
                r.startedAt
                  ? formatDuration((r.finishedAt?.getTime() ?? now) - r.startedAt.getTime())
                  : '',
                r.planHash.slice(0, 19),
              ])
              println(
                ctx.io,
                formatTable(['RUN', 'STATUS', 'HERD', 'CREATED', 'DURATION', 'PLAN'], rows),
              )
            }
            return ExitCode.ok
          })
        },
      ),
    )
  withExamples(cmd, 'runi runs --status failed', 'runi runs --json')
}
