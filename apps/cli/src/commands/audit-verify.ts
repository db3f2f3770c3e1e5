import type { Command } from 'commander'
import { ExitCode } from '@runink/core'
import { action, type CliContext } from '../cli-context.js'
import { printJson, println } from '../output.js'
import { withExamples } from '../program.js'
import { HOME_OPTION, withBarn } from './open-barn-for.js'

/** `runi audit verify`: recomputes the hash chain; exit 1 naming the first broken link. */
export function registerAuditVerify(group: Command, ctx: CliContext): void {
  const cmd = group
    .command('verify')
    .description('recompute the audit hash chain and name the first broken link')
    .option('--json', 'print the result as JSON')
    .option(...HOME_OPTION)
    .action(
      action(ctx, (opts: { json?: boolean; home?: string }) =>
        withBarn(ctx.io, opts.home, async (barn) => {
          const result = await barn.audit.verify()
          if (opts.json) printJson(ctx.io, result)
          else if (result.ok)
            println(ctx.io, `audit chain intact: ${result.count} entries, head ${result.head}`)
          else
            println(
              ctx.io,
              `audit chain BROKEN at entry ${result.seq}: ${result.reason} (${result.count} entries verified before it)`,
            )
          return result.ok ? ExitCode.ok : ExitCode.failed
        }),
      ),
    )
  withExamples(cmd, 'runi audit verify')
}
