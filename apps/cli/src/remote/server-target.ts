import type { CliIo } from '../cli-io.js'
import { CliError } from '../cli-error.js'
import { readProfiles, type ServerProfile } from './profiles.js'

/**
 * The server a command was asked to talk to: `--server <url>` (token from RUNINK_TOKEN or the
 * saved profile of that URL), `--server` alone (the active profile), or RUNINK_SERVER_URL with
 * RUNINK_TOKEN. Undefined when none was asked for: the command uses the embedded Barn.
 */
export async function serverTarget(
  io: CliIo,
  flag: string | boolean | undefined,
): Promise<ServerProfile | undefined> {
  const envUrl = io.env.RUNINK_SERVER_URL
  if (flag === undefined && !envUrl) return undefined
  const { active, profiles } = await readProfiles(io.env)
  const url = typeof flag === 'string' ? flag : flag === true ? undefined : envUrl
  const saved = url
    ? Object.values(profiles).find((p) => p.url === url.replace(/\/+$/, ''))
    : active !== undefined
      ? profiles[active]
      : undefined
  const target = url ?? saved?.url
  const token = io.env.RUNINK_TOKEN ?? saved?.token
  if (target === undefined)
    throw new CliError(
      'RUNINK_CLI_USAGE',
      'no server to talk to: run runi login <url> first, or pass --server <url>',
    )
  if (token === undefined)
    throw new CliError(
      'RUNINK_CLI_USAGE',
      `no token for ${target}: run runi login ${target}, or set RUNINK_TOKEN`,
    )
  return { url: target.replace(/\/+$/, ''), token }
}
