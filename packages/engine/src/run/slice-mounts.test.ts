import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SliceJob } from '../stage/index.js'
import { hiddenPaths, readOnlyPaths } from './slice-mounts.js'

let root: string

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'runink-mounts-'))
  for (const dir of [
    'proj/.runink/keys',
    'proj/a/b/c/.runink/db',
    'proj/.runink-staging/run-1',
    'elsewhere/.runink',
  ])
    await mkdir(path.join(root, dir), { recursive: true })
  await writeFile(path.join(root, 'proj/data.csv'), 'id\n')
  await symlink(path.join(root, 'elsewhere'), path.join(root, 'proj/link'))
})
afterAll(() => rm(root, { recursive: true, force: true }))

describe('slice mounts', () => {
  it('mount source and module files, never their folders; an exec step its project folder', () => {
    const job = {
      sources: [{ path: path.join(root, 'proj/data.csv') }],
      steps: [
        { kind: 'module', module: path.join(root, 'staging/steps/x.mjs') },
        { kind: 'exec', cwd: path.join(root, 'proj') },
      ],
    } as unknown as SliceJob
    expect(readOnlyPaths(job, ['/rt'])).toEqual(
      [
        '/rt',
        path.join(root, 'proj'),
        path.join(root, 'proj/data.csv'),
        path.join(root, 'staging/steps/x.mjs'),
      ].sort(),
    )
  })

  it('hide every .runink and .runink-staging at any depth of a mounted folder, following no symlink', () => {
    expect(hiddenPaths([path.join(root, 'proj'), path.join(root, 'proj/data.csv')])).toEqual(
      [
        path.join(root, 'proj/.runink'),
        path.join(root, 'proj/.runink-staging'),
        path.join(root, 'proj/a/b/c/.runink'),
      ].sort(),
    )
    // A mounted Barn folder itself is covered too.
    expect(hiddenPaths([path.join(root, 'elsewhere/.runink')])).toEqual([
      path.join(root, 'elsewhere/.runink'),
    ])
  })
})
