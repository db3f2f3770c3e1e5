import { openBarn, osActor, type Barn } from '@runink/store'
import { auditKeyDirOf } from './audit-key-dir.js'
import type { CliIo } from '../cli-io.js'
import { eprintln } from '../output.js'
import { resolveArg } from '../resolve-arg.js'
import { sweepStaging } from './sweep-staging.js'

/** The `--home` option every Barn command takes. */
export const HOME_OPTION = [
  '--home <dir>',
  'project folder holding .runink/ (default: current folder)',
] as const

/**
 * Opens the Barn for a command: `--home` (or cwd), or RUNINK_DATABASE_URL; lock waits on stderr.
 * First removes the staging that killed runs left in that home.
 */
export async function openBarnFor(io: CliIo, home: string | undefined): Promise<Barn> {
  const databaseUrl = io.env.RUNINK_DATABASE_URL
  const dir = home ? resolveArg(io, home) : io.cwd
  await sweepStaging(io, dir)
  return openBarn({
    home: dir,
    ...(databaseUrl ? { databaseUrl } : {}),
    actor: osActor(),
    auditKeyDir: auditKeyDirOf(io.env),
    onLockWait: (message) => eprintln(io, message),
  })
}

/** Runs fn with an open Barn and always closes it. */
export async function withBarn<T>(
  io: CliIo,
  home: string | undefined,
  fn: (barn: Barn) => Promise<T>,
): Promise<T> {
  const barn = await openBarnFor(io, home)
  try {
    return await fn(barn)
  } finally {
    await barn.close()
  }
}
