import path from 'node:path'
import { barnExists, BARN_DIR, lockHolderOf, openBarn, osActor, type Barn } from '@runink/store'
import { auditKeyDirOf } from './audit-key-dir.js'
import { barnTemplateDirOf } from './barn-template-dir.js'
import type { CliIo } from '../cli-io.js'
import { CliError } from '../cli-error.js'
import { eprintln } from '../output.js'
import { resolveArg } from '../resolve-arg.js'
import { BarnHeldError } from '../serve/barn-held-error.js'
import { heldBarn } from '../serve/held-barns.js'
import { reportRecoveredFiles } from './report-recovered-files.js'
import { sweepStaging } from './sweep-staging.js'
import { barnClosedHere } from '../keep/keep-barns-warm.js'

/** The `--home` option every Barn command takes. */
export const HOME_OPTION = [
  '--home <dir>',
  'project folder holding .runink/ (default: current folder)',
] as const

/** How a command opens the Barn. */
export interface OpenBarnOptions {
  /**
   * Refuse, rather than create, a Barn that is not there (default true): commands that only
   * read must not leave a new Barn behind a mistyped `--home`. Commands that write (push a
   * dataset, grant a herd something) pass false.
   */
  readonly mustExist?: boolean
}

/**
 * Opens the Barn for a command: `--home` (or cwd), or RUNINK_DATABASE_URL; lock waits on stderr.
 * First removes the staging that killed runs left in that home. A Barn that must exist and does
 * not is RUNINK_CLI_NO_BARN; an embedded one held by a running `runi run` that answers on a
 * socket is a {@link BarnHeldError} at once (the command is then asked of the run).
 */
export async function openBarnFor(
  io: CliIo,
  home: string | undefined,
  options: OpenBarnOptions = {},
): Promise<Barn> {
  const databaseUrl = io.env.RUNINK_DATABASE_URL
  const dir = home ? resolveArg(io, home) : io.cwd
  if ((options.mustExist ?? true) && !(await barnExists({ home: dir, databaseUrl })))
    throw noBarn(dir, databaseUrl)
  // Killed runs' staging goes first, even when a live run will answer: never a live run's.
  await sweepStaging(io, dir)
  if (!databaseUrl) {
    const holder = await lockHolderOf(path.join(dir, BARN_DIR))
    // A holder that yields (the Barn kept open after a command) gives it up when asked: wait.
    if (holder?.socket && !holder.yields && holder.pid !== process.pid)
      throw new BarnHeldError(dir, holder)
  }
  const barn = await openBarn({
    home: dir,
    ...(databaseUrl ? { databaseUrl } : {}),
    actor: osActor(),
    auditKeyDir: auditKeyDirOf(io.env),
    templateDir: barnTemplateDirOf(io.env),
    onLockWait: (message) => eprintln(io, message),
  })
  reportRecoveredFiles(io, barn)
  return barn
}

function noBarn(dir: string, databaseUrl: string | undefined): CliError {
  return databaseUrl
    ? new CliError(
        'RUNINK_CLI_NO_BARN',
        `no Barn in the database at RUNINK_DATABASE_URL — run a pipeline with it first, or unset it to use the Barn in a project folder`,
        { home: dir },
      )
    : new CliError(
        'RUNINK_CLI_NO_BARN',
        `no Barn in ${dir} — run a pipeline there first, or pass --home`,
        { home: dir },
      )
}

/**
 * Runs fn with an open Barn and always closes it. Inside a `runi run` that serves read-only
 * commands, the run's own open Barn is used (and left open).
 */
export async function withBarn<T>(
  io: CliIo,
  home: string | undefined,
  fn: (barn: Barn) => Promise<T>,
  options: OpenBarnOptions = {},
): Promise<T> {
  const lent = heldBarn(home ? resolveArg(io, home) : io.cwd)
  if (lent && !io.env.RUNINK_DATABASE_URL) return fn(lent)
  const barn = await openBarnFor(io, home, options)
  try {
    return await fn(barn)
  } finally {
    await barn.close()
    if (barn.kind === 'pglite' && barn.home) barnClosedHere(barn.home)
  }
}
