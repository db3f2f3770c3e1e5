import type { Command } from 'commander'
import type { CliContext } from '../cli-context.js'
import { registerContract } from './contract.js'
import { registerSynth } from './synth.js'
import { registerBarnCommands } from './barn-commands.js'
import { registerCheck } from './check.js'
import { registerCompile } from './compile.js'
import { registerExplain } from './explain.js'
import { registerRun } from './run.js'
import { registerServe } from './serve.js'
import { registerLogin } from './login.js'
import { registerToken } from './token.js'

/** Every top-level command, in the order `runi --help` lists them. */
export function registerCommands(program: Command, ctx: CliContext): void {
  registerRun(program, ctx)
  registerCheck(program, ctx)
  registerCompile(program, ctx)
  registerExplain(program, ctx)
  registerContract(program, ctx)
  registerSynth(program, ctx)
  registerBarnCommands(program, ctx)
  registerServe(program, ctx)
  registerToken(program, ctx)
  registerLogin(program, ctx)
}
