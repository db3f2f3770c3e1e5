import type { Command } from 'commander'
import { ExitCode } from '@runink/core'
import { DEFAULT_HERD } from '@runink/store'
import { action, type CliContext } from '../cli-context.js'
import { printJson, println } from '../output.js'
import { withExamples } from '../program.js'
import { formatBytes, formatTable } from './format-table.js'
import { HOME_OPTION, withBarn } from './open-barn-for.js'

/** `runi dataset list`: datasets of a herd with their latest version. */
export function registerDatasetList(group: Command, ctx: CliContext): void {
  const cmd = group
    .command('list')
    .description('list datasets with their latest version')
    .option('--herd <name>', 'herd', DEFAULT_HERD)
    .option('--json', 'print JSON')
    .option(...HOME_OPTION)
    .action(
      action(ctx, (opts: { herd: string; json?: boolean; home?: string }) =>
        withBarn(ctx.io, opts.home, async (barn) => {
          const datasets = await barn.datasets.list(opts.herd)
          if (opts.json) printJson(ctx.io, datasets)
          else if (datasets.length === 0) println(ctx.io, `no datasets in herd ${opts.herd}`)
          else {
            const rows = datasets.map((d) => [
              d.name,
              String(d.latest?.version ?? ''),
              String(d.versions),
              String(d.latest?.recordCount ?? ''),
              formatBytes(d.latest?.size ?? 0),
              d.latest?.createdAt.toISOString() ?? '',
            ])
            println(
              ctx.io,
              formatTable(['DATASET', 'LATEST', 'VERSIONS', 'RECORDS', 'SIZE', 'CREATED'], rows),
            )
          }
          return ExitCode.ok
        }),
      ),
    )
  withExamples(cmd, 'runi dataset list', 'runi dataset list --herd finance --json')
}
