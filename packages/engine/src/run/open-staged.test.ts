import { execFileSync } from 'node:child_process'
import { link, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStaged } from './open-staged.js'

let dir: string
let staging: string
let outside: string

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'runink-open-staged-'))
  staging = path.join(dir, 'staging')
  await mkdir(staging)
  outside = path.join(dir, 'host-file.txt')
  await writeFile(outside, 'host data\n')
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const refused = (file: string, why: RegExp) =>
  expect(openStaged(staging, file)).rejects.toMatchObject({
    code: 'RUNINK_SLICE_BAD_STAGING',
    message: expect.stringMatching(why),
  })

describe('openStaged', () => {
  it('opens a regular file of the slice inside its staging folder', async () => {
    await mkdir(path.join(staging, 'sub'))
    await writeFile(path.join(staging, 'sub', '0.csv'), 'id\n1\n')
    const file = await openStaged(staging, 'sub/0.csv')
    try {
      expect((await file.readFile()).toString()).toBe('id\n1\n')
    } finally {
      await file.close()
    }
  })

  it('refuses a symlink, even one to a file inside staging', async () => {
    await symlink(outside, path.join(staging, '0.csv'))
    await refused('0.csv', /0\.csv is a symbolic link: refused$/)
    await writeFile(path.join(staging, 'real.csv'), 'x')
    await symlink('real.csv', path.join(staging, '1.csv'))
    await refused('1.csv', /is a symbolic link/)
    expect(await readFile(outside, 'utf8')).toBe('host data\n')
  })

  it('refuses a folder below staging that is a symlink', async () => {
    await symlink(dir, path.join(staging, 'sub'))
    await refused('sub/host-file.txt', /has .*staging\/sub, which is not a folder/)
  })

  it('refuses paths that leave the staging folder', async () => {
    await refused('../host-file.txt', /is not a plain path inside its staging folder/)
    await refused(outside, /is not a plain path inside its staging folder/)
  })

  it('refuses a hard link to a file from elsewhere', async () => {
    await link(outside, path.join(staging, '0.csv'))
    await refused('0.csv', /has 2 links/)
  })

  it('refuses a FIFO without blocking on it, and a missing file', async () => {
    execFileSync('mkfifo', [path.join(staging, '0.csv')])
    await refused('0.csv', /is not a regular file/)
    await refused('1.csv', /is missing/)
  })
})
