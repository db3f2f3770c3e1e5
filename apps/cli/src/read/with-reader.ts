import type { CliIo } from '../cli-io.js'
import { withBarn } from '../commands/open-barn-for.js'
import { serverTarget } from '../remote/server-target.js'
import type { BarnReader } from './barn-reader.js'
import { httpReader } from './http-reader.js'
import { localReader } from './local-reader.js'

/** The options of a command that reads from the Barn here or from a runi serve. */
export interface ReaderOptions {
  readonly home?: string
  readonly server?: string | boolean
  readonly local?: boolean
}

/**
 * Runs fn with the reader a command should use: a runi serve's API when one is asked for or
 * saved by runi login (see serverTarget), else the Barn here, opened and closed as withBarn does.
 */
export async function withReader<T>(
  io: CliIo,
  opts: ReaderOptions,
  fn: (reader: BarnReader) => Promise<T>,
): Promise<T> {
  const server = await serverTarget(io, opts.server, { local: opts.local ?? false })
  if (server) return fn(httpReader(server))
  return withBarn(io, opts.home, (barn) => fn(localReader(barn)))
}
