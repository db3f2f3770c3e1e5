import type { Command } from 'commander'
import { ExitCode } from '@runink/core'
import { action, type CliContext } from '../cli-context.js'
import { printJson, println } from '../output.js'
import { withExamples } from './with-examples.js'
import { formatBytes, formatTable } from './format-table.js'
import { HOME_OPTION } from './open-barn-for.js'
import { LOCAL_OPTION, SERVER_OPTION } from '../remote/server-target.js'
import { withReader, type ReaderOptions } from '../read/with-reader.js'

/**
 * `runi dataset list`: datasets with their latest version, of one herd or of every herd (a HERD
 * column when they are in more than one).
 */
export function registerDatasetList(group: Command, ctx: CliContext): void {
  const cmd = group
    .command('list')
    .description('list datasets with their latest version')
    .option('--herd <name>', 'only this herd (default: every herd)')
    .option('--json', 'print JSON')
    .option(...HOME_OPTION)
    .option(...SERVER_OPTION)
    .option(...LOCAL_OPTION)
    .action(
      action(ctx, (opts: ReaderOptions & { herd?: string; json?: boolean }) =>
        withReader(ctx.io, opts, async (reader) => {
          const datasets = await reader.datasets(opts.herd)
          if (opts.json) printJson(ctx.io, datasets)
          else if (datasets.length === 0) {
            if (opts.herd === undefined) println(ctx.io, 'no datasets')
            else {
              const herds = await reader.herds()
              println(
                ctx.io,
                herds.includes(opts.herd)
                  ? `no datasets in herd ${opts.herd}`
                  : `no herd ${opts.herd}; herds: ${herds.join(', ')}`,
              )
            }
          } else {
            const manyHerds = new Set(datasets.map((d) => d.herd)).size > 1
            const rows = datasets.map((d) => [
              ...(manyHerds ? [d.herd] : []),
              d.name,
              String(d.latest?.version ?? ''),
              String(d.versions),
              String(d.latest?.recordCount ?? ''),
              formatBytes(d.latest?.size ?? 0),
              d.latest?.createdAt.toISOString() ?? '',
            ])
            const header = ['DATASET', 'LATEST', 'VERSIONS', 'RECORDS', 'SIZE', 'CREATED']
            println(ctx.io, formatTable(manyHerds ? ['HERD', ...header] : header, rows))
          }
          return ExitCode.ok
        }),
      ),
    )
  withExamples(cmd, 'runi dataset list', 'runi dataset list --herd finance --json')
}
