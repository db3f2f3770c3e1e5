import type { Command } from 'commander'
import type { CliContext } from '../cli-context.js'
import { withExamples } from './with-examples.js'
import { registerHerdEgress } from './herd-egress.js'
import { registerHerdList } from './herd-list.js'
import { registerHerdPath } from './herd-path.js'

/** `runi herd …`: herds (tenants) and what they grant their pipelines' steps. */
export function registerHerd(program: Command, ctx: CliContext): void {
  const group = (program.command('herd') as Command).description(
    'list herds and manage their grants (network egress for steps, folders outside projects)',
  )
  withExamples(
    group,
    'runi herd list',
    'runi herd egress grant finance FetchRates',
    'runi herd path allow finance /srv/exports',
  )
  registerHerdList(group, ctx)
  registerHerdEgress(group, ctx)
  registerHerdPath(group, ctx)
}
