import { CommanderError } from 'commander'
import { ExitCode } from '@runink/core'
import { processIo, type CliIo } from './cli-io.js'
import { buildProgram } from './program.js'
import { reportError } from './report-error.js'
import { installStopSignals } from './signal-exit.js'
import { quietOnClosedPipes } from './closed-pipe.js'

/**
 * Runs `runi` with arguments (without `node` and the script) and returns the exit code. Without
 * an `io` it is the real process: SIGINT and SIGTERM then stop whatever command runs (exit 130
 * or 143), a run cancelling cleanly first, and a reader that closes the pipe ends it quietly.
 */
export async function main(argv: readonly string[], given?: CliIo): Promise<number> {
  if (given === undefined) {
    installStopSignals()
    quietOnClosedPipes([process.stdout, process.stderr])
  }
  const io = given ?? processIo()
  const ctx = { io, exitCode: ExitCode.ok as number, argv, answer: main }
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
