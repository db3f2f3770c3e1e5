import type { Command } from 'commander'
import type { Readable } from 'node:stream'
import { ExitCode } from '@runink/core'
import type { DatasetVersion } from '@runink/store'
import { action, type CliContext } from '../cli-context.js'
import { eprintln } from '../output.js'
import { withExamples } from './with-examples.js'
import { DATASET_HERD_OPTION, herdOfDataset } from './dataset-herd.js'
import { HOME_OPTION, withBarn } from './open-barn-for.js'
import { httpReader } from '../read/http-reader.js'
import { streamOutput } from '../read/stream-output.js'
import type { ReaderOptions } from '../read/with-reader.js'
import { pullVersion } from '../remote/dataset-transfer.js'
import { LOCAL_OPTION, SERVER_OPTION, serverTarget } from '../remote/server-target.js'

/** Writes a version's bytes to stdout, or to a file put in place only once they are all read. */
async function writeVersion(
  ctx: CliContext,
  output: string | undefined,
  version: DatasetVersion,
  body: Readable,
): Promise<number> {
  if (await streamOutput(ctx.io, body, output))
    eprintln(ctx.io, `${version.ref} → ${output} (${version.size} bytes)`)
  return ExitCode.ok
}

/** `runi dataset pull <ref> [-o file]`: a version's bytes to a file (atomically) or stdout. */
export function registerDatasetPull(group: Command, ctx: CliContext): void {
  const cmd = group
    .command('pull')
    .description("write a dataset version's bytes to a file or stdout")
    .argument('<dataset>', 'dataset://name[@version]')
    .option('-o, --output <file>', 'file to write (default: stdout)')
    .option(...DATASET_HERD_OPTION)
    .option(...HOME_OPTION)
    .option(...SERVER_OPTION)
    .option(...LOCAL_OPTION)
    .action(
      action(ctx, async (ref: string, opts: ReaderOptions & { output?: string; herd?: string }) => {
        const server = await serverTarget(ctx.io, opts.server, { local: opts.local ?? false })
        if (server) {
          const reader = httpReader(server)
          const version = await reader.resolve(ref, await herdOfDataset(reader, ref, opts.herd))
          return writeVersion(ctx, opts.output, version, await pullVersion(server, version))
        }
        return withBarn(ctx.io, opts.home, async (barn) => {
          const { version, body } = await barn.datasets.read(
            ref,
            await herdOfDataset(barn.datasets, ref, opts.herd),
          )
          return writeVersion(ctx, opts.output, version, body)
        })
      }),
    )
  withExamples(cmd, 'runi dataset pull dataset://silver.trades@3 -o trades.jsonl')
}
