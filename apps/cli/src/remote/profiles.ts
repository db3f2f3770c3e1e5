import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { isAbsolute, join } from 'node:path'
import { z } from 'zod'
import { CliError } from '../cli-error.js'

type Env = Readonly<Record<string, string | undefined>>

/**
 * A server the CLI talks to, and the token it sends: an API token, or (after a browser login) a
 * JWT the server signed, with the refresh token that renews it and when it expires.
 */
export interface ServerProfile {
  readonly url: string
  readonly token: string
  readonly refreshToken?: string
  /** When the JWT expires (ISO 8601). */
  readonly expiresAt?: string
}

const fileSchema = z.object({
  active: z.string().optional(),
  profiles: z.record(
    z.string(),
    z.object({
      url: z.string(),
      token: z.string(),
      refreshToken: z.string().optional(),
      expiresAt: z.string().optional(),
    }),
  ),
})
type ProfilesFile = z.output<typeof fileSchema>

/**
 * `$XDG_CONFIG_HOME/runink/profiles.json` (else `~/.config/…`): the servers `runi login` saved,
 * with their tokens, readable by the user alone (0600 in a 0700 folder).
 */
export function profilesPathOf(env: Env): string {
  const xdg = env.XDG_CONFIG_HOME
  const config =
    xdg && isAbsolute(xdg)
      ? xdg
      : join(env.HOME && isAbsolute(env.HOME) ? env.HOME : homedir(), '.config')
  return join(config, 'runink', 'profiles.json')
}

/** The saved profiles (none when the file is not there); a file that is not ours is said. */
export async function readProfiles(env: Env): Promise<ProfilesFile> {
  const file = profilesPathOf(env)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    return { profiles: {} }
  }
  const parsed = fileSchema.safeParse(JSON.parse(text))
  if (!parsed.success)
    throw new CliError('RUNINK_CLI_UNREADABLE_INPUT', `${file} is not a runi profiles file`, {
      file,
    })
  return parsed.data
}

/**
 * Saves a profile under name and, unless `activate` is false, makes it the active one (written
 * whole, 0600).
 */
export async function saveProfile(
  env: Env,
  name: string,
  profile: ServerProfile,
  { activate = true }: { readonly activate?: boolean } = {},
): Promise<string> {
  const file = profilesPathOf(env)
  const current = await readProfiles(env)
  const next: ProfilesFile = {
    active: activate ? name : current.active,
    profiles: { ...current.profiles, [name]: profile },
  }
  await mkdir(join(file, '..'), { recursive: true, mode: 0o700 })
  const temp = `${file}.${process.pid}.tmp`
  await writeFile(temp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 })
  await rename(temp, file)
  return file
}

/** Forgets a profile (the active one without a name); true when there was one. */
export async function removeProfile(env: Env, name?: string): Promise<boolean> {
  const current = await readProfiles(env)
  const which = name ?? current.active
  if (which === undefined || !(which in current.profiles)) return false
  const profiles = { ...current.profiles }
  delete profiles[which]
  const file = profilesPathOf(env)
  const next: ProfilesFile = {
    ...(current.active !== undefined && current.active !== which ? { active: current.active } : {}),
    profiles,
  }
  const temp = `${file}.${process.pid}.tmp`
  await writeFile(temp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 })
  await rename(temp, file)
  return true
}
