import type { Command } from 'commander'
import { ExitCode } from '@runink/core'
import { action, type CliContext } from '../cli-context.js'
import { printJson, println } from '../output.js'
import { withExamples } from './with-examples.js'
import { formatTable } from './format-table.js'
import { HOME_OPTION, withBarn } from './open-barn-for.js'

type Opts = { json?: boolean; home?: string }

/**
 * `runi herd egress grant|revoke|list`: slices run with no network; a herd grants egress to a
 * step by its name (a TypeScript step's export, or an exec step's `name=`).
 */
export function registerHerdEgress(group: Command, ctx: CliContext): void {
  const egress = (group.command('egress') as Command).description(
    'grant, revoke and list network egress for steps (slices have no network otherwise)',
  )
  const grant = egress
    .command('grant <herd> <step>')
    .description("let the herd's slices running this step reach the network (audited)")
    .option('--json', 'print JSON')
    .option(...HOME_OPTION)
    .action(
      action(ctx, (herd: string, step: string, opts: Opts) =>
        withBarn(
          ctx.io,
          opts.home,
          async (barn) => {
            const granted = await barn.herds.grantEgress(herd, step)
            if (opts.json) printJson(ctx.io, granted)
            else
              println(
                ctx.io,
                `herd ${herd}: step ${step} may reach the network (granted by ${granted.grantedBy} at ${granted.grantedAt.toISOString()})`,
              )
            return ExitCode.ok
          },
          { mustExist: false },
        ),
      ),
    )
  withExamples(
    grant,
    'runi herd egress grant finance FetchRates',
    'runi herd egress grant default "python3 steps/score.py"',
  )
  const revoke = egress
    .command('revoke <herd> <step>')
    .description('take a step’s network egress back (audited)')
    .option('--json', 'print JSON')
    .option(...HOME_OPTION)
    .action(
      action(ctx, (herd: string, step: string, opts: Opts) =>
        withBarn(ctx.io, opts.home, async (barn) => {
          const revoked = await barn.herds.revokeEgress(herd, step)
          if (opts.json) printJson(ctx.io, { herd, step, revoked })
          else
            println(
              ctx.io,
              revoked
                ? `herd ${herd}: step ${step} no longer reaches the network`
                : `herd ${herd} had no egress grant for step ${step}: nothing changed`,
            )
          return ExitCode.ok
        }),
      ),
    )
  withExamples(revoke, 'runi herd egress revoke finance FetchRates')
  const list = egress
    .command('list <herd>')
    .description('the steps a herd grants network egress to')
    .option('--json', 'print JSON')
    .option(...HOME_OPTION)
    .action(
      action(ctx, (herd: string, opts: Opts) =>
        withBarn(ctx.io, opts.home, async (barn) => {
          const grants = await barn.herds.egressGrants(herd)
          if (opts.json) printJson(ctx.io, grants)
          else if (grants.length === 0)
            println(ctx.io, `herd ${herd} grants network egress to no step`)
          else
            println(
              ctx.io,
              formatTable(
                ['STEP', 'GRANTED BY', 'GRANTED AT'],
                grants.map((g) => [g.step, g.grantedBy, g.grantedAt.toISOString()]),
              ),
            )
          return ExitCode.ok
        }),
      ),
    )
  withExamples(list, 'runi herd egress list finance')
}
