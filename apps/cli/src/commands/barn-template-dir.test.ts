import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTempDir } from '@runink/testing'
import { runCliWith } from '../testing/run-cli.js'
import { barnTemplateDirOf } from './barn-template-dir.js'

describe('barnTemplateDirOf', () => {
  it('is $XDG_CACHE_HOME/runink/barn-templates, else ~/.cache/… (a relative XDG path ignored)', () => {
    expect(barnTemplateDirOf({ XDG_CACHE_HOME: '/c', HOME: '/h' })).toBe('/c/runink/barn-templates')
    expect(barnTemplateDirOf({ XDG_CACHE_HOME: 'rel', HOME: '/h' })).toBe(
      '/h/.cache/runink/barn-templates',
    )
    expect(barnTemplateDirOf({ HOME: '/h' })).toBe('/h/.cache/runink/barn-templates')
  })
})

describe('new Barns made by runi', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>
  let env: Record<string, string>
  beforeAll(async () => {
    dir = await makeTempDir()
    env = { XDG_CACHE_HOME: join(dir.path, 'cache'), XDG_STATE_HOME: join(dir.path, 'state') }
  })
  afterAll(() => dir.remove())

  it('come from one template in the user cache, each with its own Barn id', async () => {
    for (const home of ['a', 'b']) {
      const r = await runCliWith(
        { cwd: dir.path, env },
        ...['herd', 'egress', 'grant', 'default', 'fetch', '--home', join(dir.path, home)],
      )
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
    }
    const templates = readdirSync(join(dir.path, 'cache', 'runink', 'barn-templates'))
    expect(templates.filter((f) => f.endsWith('.tgz'))).toHaveLength(1)
    // The audit seal names each Barn's key after its id: two Barns, two keys.
    const keys = readdirSync(join(dir.path, 'state', 'runink', 'audit')).filter((f) =>
      f.endsWith('.key'),
    )
    expect(keys).toHaveLength(2)
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f-]{27}\.key$/)
  }, 120_000)
})
