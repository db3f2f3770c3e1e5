import type { Command } from 'commander'
import type { CliContext } from '../cli-context.js'
import { withExamples } from '../program.js'
import { registerHerdEgress } from './herd-egress.js'
import { registerHerdList } from './herd-list.js'

/** `runi herd …`: herds (tenants) and what they grant their pipelines' steps. */
export function registerHerd(program: Command, ctx: CliContext): void {
  const group = (program.command('herd') as Command).description(
    'list herds and manage their grants (network egress for steps)',
  )
  withExamples(group, 'runi herd list', 'runi herd egress grant finance FetchRates')
  registerHerdList(group, ctx)
  registerHerdEgress(group, ctx)
}
