import { CommanderError } from 'commander'
import { ExitCode } from '@runink/core'
import { processIo, type CliIo } from './cli-io.js'
import { buildProgram } from './program.js'
import { reportError } from './report-error.js'
import { installStopSignals, stopSignalReceived } from './signal-exit.js'
import { quietOnClosedPipes } from './closed-pipe.js'
import { KEEP_BARN_COMMAND, keepBarn } from './keep/keep-barn.js'
import { keepBarnsWarm } from './keep/keep-barns-warm.js'
import { forwardToHolder, homeArgOf } from './keep/forward-to-holder.js'

/**
 * Runs `runi` with arguments (without `node` and the script) and returns the exit code. Without
 * an `io` it is the real process: SIGINT and SIGTERM then stop whatever command runs (exit 130
 * or 143), a run cancelling cleanly first, and a reader that closes the pipe ends it quietly; a
 * read-only command whose embedded Barn another process holds open is answered by that
 * process; and an embedded Barn the command used is kept open for the next one (keepBarn).
 */
export async function main(argv: readonly string[], given?: CliIo): Promise<number> {
  if (given !== undefined) return runCommand(argv, given)
  if (argv[0] === KEEP_BARN_COMMAND) return keepBarnProcess(argv)
  installStopSignals()
  quietOnClosedPipes([process.stdout, process.stderr])
  const io = processIo()
  const forwarded = await forwardToHolder(argv, io)
  if (forwarded !== undefined) return forwarded
  const code = await runCommand(argv, io)
  // A command stopped by a signal leaves nothing behind, a kept Barn included.
  if (stopSignalReceived() === undefined) keepBarnsWarm(io, process.argv[1])
  return code
}

async function runCommand(argv: readonly string[], io: CliIo): Promise<number> {
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

/** `runi __keep-barn --home DIR --idle SECONDS`: started by keepBarnsWarm, never by users. */
async function keepBarnProcess(argv: readonly string[]): Promise<number> {
  const home = homeArgOf(argv)
  const idle = Number(argv[argv.indexOf('--idle') + 1])
  if (home === undefined || !Number.isInteger(idle) || idle <= 0) return ExitCode.usage
  const code = await keepBarn(processIo(), main, { home, idleMs: idle * 1000 })
  // Whatever a closed database or server may have left behind must not keep the process alive.
  setTimeout(() => process.exit(code), 2_000).unref()
  return code
}
