import type { Command } from 'commander'
import { ExitCode } from '@runink/core'
import { action, type CliContext } from '../cli-context.js'
import { withExamples } from './with-examples.js'
import { HOME_OPTION } from './open-barn-for.js'
import { LOCAL_OPTION, SERVER_OPTION } from '../remote/server-target.js'
import { printHerdTable } from '../read/print-herd-table.js'
import { withReader, type ReaderOptions } from '../read/with-reader.js'

/**
 * `runi contract list`: the contracts runs and pipeline uploads registered in the Barn, by name
 * with their highest version, of one herd or of every herd (a HERD column when more than one).
 */
export function registerContractList(group: Command, ctx: CliContext): void {
  const cmd = group
    .command('list')
    .description('list the contracts registered in the Barn, each with its highest version')
    .option('--herd <name>', 'only this herd (default: every herd)')
    .option('--json', 'print JSON')
    .option(...HOME_OPTION)
    .option(...SERVER_OPTION)
    .option(...LOCAL_OPTION)
    .action(
      action(ctx, (opts: ReaderOptions & { herd?: string; json?: boolean }) =>
        withReader(ctx.io, opts, async (reader) => {
          await printHerdTable(ctx.io, reader, {
            items: await reader.contracts(opts.herd),
            herd: opts.herd,
            json: Boolean(opts.json),
            noun: 'contracts',
            header: ['CONTRACT', 'LATEST', 'VERSIONS', 'HASH', 'REGISTERED'],
            row: (c) => [
              c.name,
              c.latest.version,
              String(c.versions),
              c.latest.hash.slice(0, 19),
              c.latest.createdAt.toISOString(),
            ],
          })
          return ExitCode.ok
        }),
      ),
    )
  withExamples(cmd, 'runi contract list', 'runi contract list --herd finance --json')
}
