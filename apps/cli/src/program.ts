import { Command } from 'commander'
import type { CliContext } from './cli-context.js'
import { registerCommands } from './commands/index.js'
import { colorsFor } from './output.js'
import { cliVersion } from './version.js'

/** The `runi` command tree, wired to one invocation's context. */
export function buildProgram(ctx: CliContext): Command {
  const { io } = ctx
  const c = colorsFor(io, 'stderr')
  const program = new Command('runi')
    .description('Runink: governed data pipelines bound to data contracts.')
    .version(cliVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s: string) => void io.stdout.write(s),
      writeErr: (s: string) => void io.stderr.write(s),
      outputError: (s: string, write: (text: string) => void) => write(c.red(s)),
    })
  program.addHelpText(
    'after',
    `
Exit codes: 0 ok, 1 the thing checked failed (invalid records, breaking change, failed run),
2 usage or input error (missing file, bad YAML, unknown contract), 130 stopped by Ctrl-C
(SIGINT), 143 stopped by SIGTERM (a run cancels cleanly first).

Examples:
  $ runi contract validate contracts/trade.yaml data/trades.csv
  $ runi synth contracts/trade.yaml -n 1000 --seed 42 -o trades.csv`,
  )
  registerCommands(program, ctx)
  return program
}
