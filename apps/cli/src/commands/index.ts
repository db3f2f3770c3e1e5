import type { Command } from 'commander'
import type { CliContext } from '../cli-context.js'
import { registerContract } from './contract.js'
import { registerSynth } from './synth.js'

/** Every top-level command, in the order `runi --help` lists them. */
export function registerCommands(program: Command, ctx: CliContext): void {
  registerContract(program, ctx)
  registerSynth(program, ctx)
}
