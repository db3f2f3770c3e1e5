import type { Command } from 'commander'
import { ExitCode } from '@runink/core'
import type { DatasetVersion } from '@runink/store'
import { action, type CliContext } from '../cli-context.js'
import { printJson, println } from '../output.js'
import { withExamples } from './with-examples.js'
import { formatBytes } from './format-table.js'
import { DATASET_HERD_OPTION, herdOfDataset } from './dataset-herd.js'
import { HOME_OPTION } from './open-barn-for.js'
import { LOCAL_OPTION, SERVER_OPTION } from '../remote/server-target.js'
import { withReader, type ReaderOptions } from '../read/with-reader.js'

/** The lines `runi dataset show` prints for a version. */
export function describeVersion(v: DatasetVersion): string[] {
  return [
    v.ref,
    `  content   ${v.contentHash}`,
    `  contract  ${v.contractHash ?? '(none)'}`,
    `  format    ${v.format}`,
    `  records   ${v.recordCount}`,
    `  size      ${formatBytes(v.size)} (${v.size} bytes)`,
    `  run       ${v.runId ?? '(pushed)'}`,
    `  created   ${v.createdAt.toISOString()}`,
  ]
}

/** `runi dataset show <ref>`: one version (latest unless `@n`). */
export function registerDatasetShow(group: Command, ctx: CliContext): void {
  const cmd = group
    .command('show')
    .description('show a dataset version: hashes, format, records, size, producing run')
    .argument('<dataset>', 'dataset://name[@version] or name[@version]')
    .option(...DATASET_HERD_OPTION)
    .option('--json', 'print JSON')
    .option(...HOME_OPTION)
    .option(...SERVER_OPTION)
    .option(...LOCAL_OPTION)
    .action(
      action(ctx, (ref: string, opts: ReaderOptions & { herd?: string; json?: boolean }) =>
        withReader(ctx.io, opts, async (reader) => {
          const version = await reader.resolve(ref, await herdOfDataset(reader, ref, opts.herd))
          if (opts.json) printJson(ctx.io, version)
          else println(ctx.io, describeVersion(version).join('\n'))
          return ExitCode.ok
        }),
      ),
    )
  withExamples(cmd, 'runi dataset show dataset://silver.trades@3')
}
