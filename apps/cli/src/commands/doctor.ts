import type { Command } from 'commander'
import { ExitCode } from '@runink/core'
import { action, type CliContext } from '../cli-context.js'
import { printJson, println } from '../output.js'
import { withExamples } from './with-examples.js'
import { describeAuditVerification } from './audit-verify.js'
import { printDatasetVerification, verifyDatasets } from './dataset-verify.js'
import { HOME_OPTION, withBarn } from './open-barn-for.js'

/**
 * `runi doctor`: the Barn's integrity checks in one go — every dataset object against its
 * content hash (all herds) and the audit chain with its seal. Opening the Barn also tightens
 * the modes of an embedded Barn's files. Exit 1 when any check fails.
 */
export function registerDoctor(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('doctor')
    .description('check the Barn: dataset objects against their hashes, the audit chain and seal')
    .option('--json', 'print the results as JSON')
    .option(...HOME_OPTION)
    .action(
      action(ctx, (opts: { json?: boolean; home?: string }) =>
        withBarn(ctx.io, opts.home, async (barn) => {
          const datasets = await verifyDatasets(barn, {})
          const audit = await barn.audit.verify()
          const ok = datasets.bad.length === 0 && audit.ok
          if (opts.json) printJson(ctx.io, { ok, datasets, audit })
          else {
            printDatasetVerification(ctx, barn, datasets)
            println(ctx.io, describeAuditVerification(audit))
            println(
              ctx.io,
              ok ? 'doctor: the Barn is healthy' : 'doctor: PROBLEMS FOUND (see above)',
            )
          }
          return ok ? ExitCode.ok : ExitCode.failed
        }),
      ),
    )
  withExamples(cmd, 'runi doctor', 'runi doctor --home ./project')
}
