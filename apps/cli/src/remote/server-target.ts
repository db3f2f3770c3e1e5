import type { CliIo } from '../cli-io.js'
import { CliError } from '../cli-error.js'
import { freshProfile } from './fresh-profile.js'
import { readProfiles, type ServerProfile } from './profiles.js'

/** `--server [url]` of the commands that can talk to a runi serve. */
export const SERVER_OPTION = [
  '--server [url]',
  'ask a runi serve (its URL, else the profile runi login saved; also RUNINK_SERVER_URL)',
] as const

/** `--local` of the commands that can talk to a runi serve. */
export const LOCAL_OPTION = [
  '--local',
  'use the Barn here even when runi login saved a server (or RUNINK_SERVER_URL is set)',
] as const

/**
 * The server a command talks to: `--server <url>` (token from RUNINK_TOKEN or the saved profile
 * of that URL), `--server` alone (the active profile), RUNINK_SERVER_URL with RUNINK_TOKEN, or
 * else the active profile `runi login` saved (a browser sign-in's JWT about to expire is renewed
 * first, see freshProfile). Undefined when there is none, or `--local` asks for
 * the embedded Barn: the command then uses the Barn as it always has. `runi logout` forgets the
 * active profile, and commands are local again.
 */
export async function serverTarget(
  io: CliIo,
  flag: string | boolean | undefined,
  options: { readonly local?: boolean } = {},
): Promise<ServerProfile | undefined> {
  if (options.local) {
    if (flag !== undefined)
      throw new CliError('RUNINK_CLI_USAGE', '--local and --server ask for two places: pass one')
    return undefined
  }
  const envUrl = io.env.RUNINK_SERVER_URL
  const { active, profiles } = await readProfiles(io.env)
  if (flag === undefined && !envUrl && active === undefined) return undefined
  const url = typeof flag === 'string' ? flag : flag === true ? undefined : envUrl || undefined
  const name = url
    ? Object.keys(profiles).find((n) => profiles[n]?.url === url.replace(/\/+$/, ''))
    : active
  const stored = name === undefined ? undefined : profiles[name]
  // A browser sign-in's JWT about to expire is renewed here, unless RUNINK_TOKEN overrides it.
  const saved =
    stored && name !== undefined && io.env.RUNINK_TOKEN === undefined
      ? await freshProfile(io, name, stored)
      : stored
  const target = url ?? saved?.url
  const token = io.env.RUNINK_TOKEN ?? saved?.token
  if (target === undefined) {
    // An active name whose profile is gone (edited by hand) is no server: the Barn here.
    if (flag === undefined) return undefined
    throw new CliError(
      'RUNINK_CLI_USAGE',
      'no server to talk to: run runi login <url> first, or pass --server <url>',
    )
  }
  if (token === undefined)
    throw new CliError(
      'RUNINK_CLI_USAGE',
      `no token for ${target}: run runi login ${target}, or set RUNINK_TOKEN`,
    )
  return { url: target.replace(/\/+$/, ''), token }
}
