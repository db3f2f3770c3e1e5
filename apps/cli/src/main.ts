import { CommanderError } from 'commander'
import { ExitCode } from '@runink/core'
import { processIo, type CliIo } from './cli-io.js'
import { buildProgram } from './program.js'
import { reportError } from './report-error.js'

/** Runs `runi` with arguments (without `node` and the script) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const ctx = { io, exitCode: ExitCode.ok as number }
  const program = buildProgram(ctx)
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return ctx.exitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version exit 0; every other commander error is a usage error.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage
    }
    return reportError(io, error)
  }
}
