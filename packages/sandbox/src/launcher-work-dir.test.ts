import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createLauncherWorkDir } from './launcher-work-dir.js'

describe('createLauncherWorkDir', () => {
  const parent = mkdtempSync(join(tmpdir(), 'runink-workdirs-'))
  afterAll(() => rmSync(parent, { recursive: true, force: true }))

  it('makes a private, unique folder per launcher and removes those of gone processes', () => {
    // pid 2^22 + 1 is above any pid_max: its launcher is gone. Ours (this pid) stays.
    const gone = join(parent, 'runink-launcher-4194305-abc123')
    const ours = join(parent, `runink-launcher-${process.pid}-old123`)
    mkdirSync(gone)
    mkdirSync(ours)
    const first = createLauncherWorkDir(parent)
    const second = createLauncherWorkDir(parent)
    expect(first).not.toBe(second)
    expect(basename(first)).toMatch(new RegExp(`^runink-launcher-${process.pid}-`))
    expect(statSync(first).mode & 0o777).toBe(0o700)
    expect(existsSync(gone)).toBe(false)
    expect(existsSync(ours)).toBe(true)
  })
})
