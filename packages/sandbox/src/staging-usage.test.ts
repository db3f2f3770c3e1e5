import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ENTRY_MIN_BYTES, stagingUsage } from './staging-usage.js'

let dir: string
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('stagingUsage', () => {
  it('counts allocated blocks in nested folders, not apparent sizes, and charges empty entries', async () => {
    dir = mkdtempSync(join(tmpdir(), 'runink-usage-'))
    mkdirSync(join(dir, 'a', 'b'), { recursive: true })
    writeFileSync(join(dir, 'a', 'b', 'data'), Buffer.alloc(1024 * 1024, 1))
    writeFileSync(join(dir, 'sparse'), '')
    truncateSync(join(dir, 'sparse'), 1024 * 1024 * 1024)
    for (let i = 0; i < 100; i++) writeFileSync(join(dir, `empty${i}`), '')
    symlinkSync('/usr', join(dir, 'link'))
    const used = await stagingUsage(dir)
    expect(used.entries).toBe(2 + 1 + 1 + 100 + 1)
    expect(used.bytes).toBeGreaterThanOrEqual(1024 * 1024 + 101 * ENTRY_MIN_BYTES)
    // The 1 GiB sparse file holds no blocks; the symlink is not followed into /usr.
    expect(used.bytes).toBeLessThan(2 * 1024 * 1024)
  })

  it('stops once over the given bound', async () => {
    dir = mkdtempSync(join(tmpdir(), 'runink-usage-'))
    for (let i = 0; i < 50; i++) writeFileSync(join(dir, `f${i}`), '')
    const used = await stagingUsage(dir, 10 * ENTRY_MIN_BYTES)
    expect(used).toEqual({ bytes: 11 * ENTRY_MIN_BYTES, entries: 11 })
  })

  it('reads a missing folder as empty', async () => {
    dir = mkdtempSync(join(tmpdir(), 'runink-usage-'))
    expect(await stagingUsage(join(dir, 'gone'))).toEqual({ bytes: 0, entries: 0 })
  })
})
