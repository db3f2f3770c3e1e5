import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { confinedPath } from './confined-path.js'

let root: string
let proj: string
let outside: string

beforeAll(async () => {
  root = await realpath(await mkdtemp(path.join(tmpdir(), 'runink-confined-')))
  proj = path.join(root, 'proj')
  outside = path.join(root, 'outside')
  await mkdir(path.join(proj, 'data'), { recursive: true })
  await mkdir(path.join(proj, '.runink', 'keys'), { recursive: true })
  await mkdir(outside)
  await writeFile(path.join(proj, 'data', 'a.csv'), 'id\n')
  await writeFile(path.join(outside, 'b.csv'), 'id\n')
  await symlink(outside, path.join(proj, 'link'))
  await symlink(path.join(outside, 'b.csv'), path.join(proj, 'data', 'b.csv'))
})
afterAll(() => rm(root, { recursive: true, force: true }))

const code = (f: () => unknown): string | undefined => {
  try {
    f()
    return undefined
  } catch (error) {
    return (error as { code?: string }).code
  }
}

describe('confinedPath', () => {
  it('resolves project files, existing or not, to their real paths', () => {
    expect(confinedPath('csv://data/a.csv', 'data/a.csv', { baseDir: proj }, 'read')).toBe(
      path.join(proj, 'data', 'a.csv'),
    )
    expect(confinedPath('csv://out/x/y.csv', 'out/x/y.csv', { baseDir: proj }, 'write')).toBe(
      path.join(proj, 'out', 'x', 'y.csv'),
    )
    expect(
      confinedPath('csv://./data/../data/a.csv', './data/../data/a.csv', { baseDir: proj }, 'read'),
    ).toBe(path.join(proj, 'data', 'a.csv'))
  })

  it('refuses ../, absolute paths, symlinked folders and files, and Barn paths', () => {
    const scope = { baseDir: proj }
    for (const rest of [
      '../outside/b.csv',
      `${outside}/b.csv`,
      'link/b.csv',
      'link/new.csv',
      'data/b.csv',
      '/etc/passwd',
    ])
      expect([rest, code(() => confinedPath(`csv://${rest}`, rest, scope, 'read'))]).toEqual([
        rest,
        'RUNINK_PATH_OUTSIDE_PROJECT',
      ])
    expect(code(() => confinedPath('csv://x', '.runink/keys/default.key', scope, 'read'))).toBe(
      'RUNINK_PATH_IN_BARN',
    )
    expect(
      code(() => confinedPath('csv://x', '.runink-staging/run-1/inputs/a.jsonl', scope, 'read')),
    ).toBe('RUNINK_PATH_IN_BARN')
    expect(code(() => confinedPath('csv://x', 'sub/.runink/db', scope, 'write'))).toBe(
      'RUNINK_PATH_IN_BARN',
    )
  })

  it('allows a granted folder: reads always, writes only when it is writable', () => {
    const read = { baseDir: proj, allowedFolders: [{ folder: outside, writable: false }] }
    expect(confinedPath('csv://link/b.csv', 'link/b.csv', read, 'read')).toBe(
      path.join(outside, 'b.csv'),
    )
    expect(code(() => confinedPath('csv://link/c.csv', 'link/c.csv', read, 'write'))).toBe(
      'RUNINK_PATH_OUTSIDE_PROJECT',
    )
    const write = { baseDir: proj, allowedFolders: [{ folder: outside, writable: true }] }
    expect(confinedPath('csv://../outside/c.csv', '../outside/c.csv', write, 'write')).toBe(
      path.join(outside, 'c.csv'),
    )
    // A sibling whose name starts like the granted folder is not inside it.
    expect(code(() => confinedPath('csv://x', `${outside}2/c.csv`, write, 'write'))).toBe(
      'RUNINK_PATH_OUTSIDE_PROJECT',
    )
  })
})
