import type { Command } from 'commander'
import { ExitCode } from '@runink/core'
import { action, type CliContext } from '../cli-context.js'
import { withExamples } from './with-examples.js'
import { formatBytes } from './format-table.js'
import { HOME_OPTION } from './open-barn-for.js'
import { LOCAL_OPTION, SERVER_OPTION } from '../remote/server-target.js'
import { printHerdTable } from '../read/print-herd-table.js'
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
          await printHerdTable(ctx.io, reader, {
            items: await reader.datasets(opts.herd),
            herd: opts.herd,
            json: Boolean(opts.json),
            noun: 'datasets',
            header: ['DATASET', 'LATEST', 'VERSIONS', 'RECORDS', 'SIZE', 'CREATED'],
            row: (d) => [
              d.name,
              String(d.latest?.version ?? ''),
              String(d.versions),
              String(d.latest?.recordCount ?? ''),
              formatBytes(d.latest?.size ?? 0),
              d.latest?.createdAt.toISOString() ?? '',
            ],
          })
          return ExitCode.ok
        }),
      ),
    )
  withExamples(cmd, 'runi dataset list', 'runi dataset list --herd finance --json')
}
