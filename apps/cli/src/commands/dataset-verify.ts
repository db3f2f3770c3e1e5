import type { Command } from 'commander'
import { ExitCode } from '@runink/core'
import {
  parseDatasetRef,
  type Barn,
  type BadVersion,
  type DatasetVerification,
} from '@runink/store'
import { action, type CliContext } from '../cli-context.js'
import { printJson, println } from '../output.js'
import { withExamples } from './with-examples.js'
import { herdOfDataset } from './dataset-herd.js'
import { HOME_OPTION, withBarn } from './open-barn-for.js'

/** One line for a version whose object is missing or corrupt. */
export function describeBadVersion(bad: BadVersion, kind: string): string {
  const { version, check } = bad
  const where = `${version.ref} (herd ${version.herd})`
  return check.state === 'missing'
    ? `${where}: object ${version.objectKey} is missing from the ${kind} store`
    : `${where}: object ${version.objectKey} is corrupt: its bytes hash to ${check.actual}`
}

/** Checks dataset objects against their content hashes; every herd unless one is named. */
export async function verifyDatasets(
  barn: Barn,
  opts: { herd?: string; dataset?: string },
): Promise<DatasetVerification> {
  const ref = opts.dataset === undefined ? undefined : parseDatasetRef(opts.dataset)
  return barn.datasets.verify({
    ...(opts.herd !== undefined ? { herd: opts.herd } : {}),
    ...(ref ? { name: ref.name } : {}),
    ...(ref?.version !== undefined ? { version: ref.version } : {}),
  })
}

/** Prints a dataset verification: a summary line, then one line per bad version. */
export function printDatasetVerification(
  ctx: CliContext,
  barn: Barn,
  result: DatasetVerification,
): void {
  const bad = result.bad.length
  println(
    ctx.io,
    `datasets: ${result.checked} versions checked (${result.objects} objects): ${bad === 0 ? 'all intact' : `${bad} BAD`}`,
  )
  for (const b of result.bad) println(ctx.io, `  ${describeBadVersion(b, barn.objects.kind)}`)
}

/**
 * `runi dataset verify [--herd h] [name[@v]]`: reads every version's bytes (or one dataset's)
 * and checks them against their content hash; exit 1 naming each missing or corrupt one.
 */
export function registerDatasetVerify(group: Command, ctx: CliContext): void {
  const cmd = group
    .command('verify')
    .description("check dataset versions' bytes against their content hashes")
    .argument(
      '[dataset]',
      'name, name@version or dataset://name[@version] (default: every dataset)',
    )
    .option(
      '--herd <name>',
      'only this herd (default: every herd; for a named dataset, the herd that holds it)',
    )
    .option('--json', 'print the result as JSON')
    .option(...HOME_OPTION)
    .action(
      action(
        ctx,
        (dataset: string | undefined, opts: { herd?: string; json?: boolean; home?: string }) =>
          withBarn(ctx.io, opts.home, async (barn) => {
            const herd =
              dataset === undefined
                ? opts.herd
                : await herdOfDataset(barn.datasets, dataset, opts.herd)
            const result = await verifyDatasets(barn, {
              ...(herd !== undefined ? { herd } : {}),
              ...(dataset !== undefined ? { dataset } : {}),
            })
            if (opts.json) printJson(ctx.io, result)
            else printDatasetVerification(ctx, barn, result)
            return result.bad.length === 0 ? ExitCode.ok : ExitCode.failed
          }),
      ),
    )
  withExamples(cmd, 'runi dataset verify', 'runi dataset verify silver.trades@3')
}
