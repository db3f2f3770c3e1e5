import type { Command } from 'commander'
import { ExitCode } from '@runink/core'
import { parseDatasetRef } from '@runink/store'
import { action, type CliContext } from '../cli-context.js'
import { printJson, println } from '../output.js'
import { withExamples } from './with-examples.js'
import { formatBytes, formatTable } from './format-table.js'
import { DATASET_HERD_OPTION, herdOfDataset } from './dataset-herd.js'
import { HOME_OPTION } from './open-barn-for.js'
import { LOCAL_OPTION, SERVER_OPTION } from '../remote/server-target.js'
import { withReader, type ReaderOptions } from '../read/with-reader.js'

/** `runi dataset versions <name>`: every version, oldest first. */
export function registerDatasetVersions(group: Command, ctx: CliContext): void {
  const cmd = group
    .command('versions')
    .description('list every version of a dataset')
    .argument('<dataset>', 'dataset name (or dataset://name)')
    .option(...DATASET_HERD_OPTION)
    .option('--json', 'print JSON')
    .option(...HOME_OPTION)
    .option(...SERVER_OPTION)
    .option(...LOCAL_OPTION)
    .action(
      action(ctx, (name: string, opts: ReaderOptions & { herd?: string; json?: boolean }) =>
        withReader(ctx.io, opts, async (reader) => {
          const herd = await herdOfDataset(reader, name, opts.herd)
          const versions = await reader.versions(parseDatasetRef(name).name, herd)
          // None: the not-found error says what the Barn holds.
          if (versions.length === 0) await reader.resolve(name, herd)
          if (opts.json) printJson(ctx.io, versions)
          else {
            const rows = versions.map((v) => [
              String(v.version),
              v.contentHash.slice(0, 19),
              String(v.recordCount),
              formatBytes(v.size),
              v.runId ?? '(pushed)',
              v.createdAt.toISOString(),
            ])
            println(
              ctx.io,
              formatTable(['VERSION', 'CONTENT', 'RECORDS', 'SIZE', 'RUN', 'CREATED'], rows),
            )
          }
          return ExitCode.ok
        }),
      ),
    )
  withExamples(cmd, 'runi dataset versions silver.trades')
}
