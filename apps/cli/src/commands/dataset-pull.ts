import type { Command } from 'commander'
import { createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import { ExitCode } from '@runink/core'
import { action, type CliContext } from '../cli-context.js'
import { eprintln } from '../output.js'
import { withExamples } from './with-examples.js'
import { resolveArg } from '../resolve-arg.js'
import { DATASET_HERD_OPTION, herdOfDataset } from './dataset-herd.js'
import { HOME_OPTION, withBarn } from './open-barn-for.js'

/** `runi dataset pull <ref> [-o file]`: a version's bytes to a file (atomically) or stdout. */
export function registerDatasetPull(group: Command, ctx: CliContext): void {
  const cmd = group
    .command('pull')
    .description("write a dataset version's bytes to a file or stdout")
    .argument('<dataset>', 'dataset://name[@version]')
    .option('-o, --output <file>', 'file to write (default: stdout)')
    .option(...DATASET_HERD_OPTION)
    .option(...HOME_OPTION)
    .action(
      action(ctx, (ref: string, opts: { output?: string; herd?: string; home?: string }) =>
        withBarn(ctx.io, opts.home, async (barn) => {
          const { version, body } = await barn.datasets.read(
            ref,
            await herdOfDataset(barn.datasets, ref, opts.herd),
          )
          if (opts.output === undefined || opts.output === '-') {
            await pipeline(body, ctx.io.stdout, { end: false })
            return ExitCode.ok
          }
          const target = resolveArg(ctx.io, opts.output)
          const tmp = `${target}.${process.pid}.tmp`
          try {
            await pipeline(body, createWriteStream(tmp))
            await rename(tmp, target)
          } finally {
            await rm(tmp, { force: true })
          }
          eprintln(ctx.io, `${version.ref} → ${opts.output} (${version.size} bytes)`)
          return ExitCode.ok
        }),
      ),
    )
  withExamples(cmd, 'runi dataset pull dataset://silver.trades@3 -o trades.jsonl')
}
