import type { AuthToken } from '@runink/protocol'
import type { CliIo } from '../cli-io.js'
import { tokenRequest } from './browser-login.js'
import { saveProfile, type ServerProfile } from './profiles.js'

/** A JWT this close to its expiry is renewed before it is used. */
export const RENEW_BEFORE_MS = 60_000

/** A profile for the server at url holding what a sign-in or renewal answered. */
export const profileOfToken = (url: string, t: AuthToken): ServerProfile => ({
  url,
  token: t.access_token,
  refreshToken: t.refresh_token,
  expiresAt: t.expires_at,
})

/**
 * The profile saved as name, with a JWT that is not about to expire: a browser sign-in's JWT
 * (it lasts an hour) expiring within a minute is renewed with the profile's refresh token and
 * saved again under its name (the active profile stays as it is). A token profile, or one whose
 * renewal the server refuses, is given back as it is: the server then answers 401 and says to
 * run runi login.
 */
export async function freshProfile(
  io: CliIo,
  name: string,
  profile: ServerProfile,
  now: number = Date.now(),
): Promise<ServerProfile> {
  if (profile.refreshToken === undefined || profile.expiresAt === undefined) return profile
  if (Date.parse(profile.expiresAt) - now > RENEW_BEFORE_MS) return profile
  const renewed = await tokenRequest(profile.url, {
    grant_type: 'refresh_token',
    refresh_token: profile.refreshToken,
  }).catch(() => undefined)
  if (renewed === undefined) return profile
  const next = profileOfToken(profile.url, renewed)
  await saveProfile(io.env, name, next, { activate: false })
  return next
}
