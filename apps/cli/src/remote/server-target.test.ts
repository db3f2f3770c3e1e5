import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CliIo } from '../cli-io.js'
import { removeProfile, saveProfile } from './profiles.js'
import { serverTarget } from './server-target.js'

describe('serverTarget', () => {
  let config: string
  const io = (env: Record<string, string> = {}): CliIo => ({
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    cwd: config,
    env: { XDG_CONFIG_HOME: config, ...env },
  })
  beforeAll(async () => {
    config = await mkdtemp(path.join(tmpdir(), 'runink-target-'))
  })
  afterAll(async () => {
    await rm(config, { recursive: true, force: true })
  })

  it('is the Barn here with no server asked for and no profile saved', async () => {
    expect(await serverTarget(io(), undefined)).toBeUndefined()
    await expect(serverTarget(io(), true)).rejects.toThrow(/no server to talk to/)
  })

  it('takes RUNINK_SERVER_URL with RUNINK_TOKEN, and --server <url> over it', async () => {
    const env = { RUNINK_SERVER_URL: 'http://a:1/', RUNINK_TOKEN: 'rk_env' }
    expect(await serverTarget(io(env), undefined)).toEqual({ url: 'http://a:1', token: 'rk_env' })
    expect(await serverTarget(io(env), 'http://b:2')).toEqual({
      url: 'http://b:2',
      token: 'rk_env',
    })
    await expect(serverTarget(io({ RUNINK_SERVER_URL: 'http://a:1' }), undefined)).rejects.toThrow(
      /no token for http:\/\/a:1/,
    )
  })

  it('makes the active profile the server until --local or runi logout', async () => {
    await saveProfile(io().env, 'prod', { url: 'http://prod:8080', token: 'rk_prod' })
    const prod = { url: 'http://prod:8080', token: 'rk_prod' }
    expect(await serverTarget(io(), undefined)).toEqual(prod)
    expect(await serverTarget(io(), true)).toEqual(prod)
    // A URL given is matched to its saved token.
    expect(await serverTarget(io(), 'http://prod:8080/')).toEqual(prod)
    expect(await serverTarget(io(), undefined, { local: true })).toBeUndefined()
    await expect(serverTarget(io(), true, { local: true })).rejects.toThrow(
      '--local and --server ask for two places',
    )
    expect(await removeProfile(io().env)).toBe(true)
    expect(await serverTarget(io(), undefined)).toBeUndefined()
  })
})
