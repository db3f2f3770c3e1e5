import type { Command } from 'commander'
import { ExitCode } from '@runink/core'
import { action, type CliContext } from '../cli-context.js'
import { printJson, println } from '../output.js'
import { withExamples } from './with-examples.js'
import { formatTable } from './format-table.js'
import { HOME_OPTION, withBarn } from './open-barn-for.js'

/** `runi herd list`: every herd, with the steps it grants network egress to. */
export function registerHerdList(group: Command, ctx: CliContext): void {
  const cmd = group
    .command('list')
    .description('list herds and the steps each grants network egress to')
    .option('--json', 'print JSON')
    .option(...HOME_OPTION)
    .action(
      action(ctx, (opts: { json?: boolean; home?: string }) =>
        withBarn(ctx.io, opts.home, async (barn) => {
          const herds = await barn.herds.list()
          const rows = await Promise.all(
            herds.map(async (h) => ({
              ...h,
              egress: (await barn.herds.egressGrants(h.name)).map((g) => g.step),
            })),
          )
          if (opts.json) printJson(ctx.io, rows)
          else
            println(
              ctx.io,
              formatTable(
                ['HERD', 'CREATED', 'EGRESS GRANTED TO'],
                rows.map((h) => [h.name, h.createdAt.toISOString(), h.egress.join(', ') || '-']),
              ),
            )
          return ExitCode.ok
        }),
      ),
    )
  withExamples(cmd, 'runi herd list', 'runi herd list --json')
}
