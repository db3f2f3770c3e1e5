import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeTempDir } from '@runink/testing'
import { readTarEntries } from './tar-entries.js'

/** A ustar archive of `files` made by the system's tar. */
async function ustar(files: Record<string, string>, args: string[] = []): Promise<Uint8Array> {
  const dir = await makeTempDir()
  try {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir.path, 'in', name, '..'), { recursive: true })
      writeFileSync(join(dir.path, 'in', name), text)
    }
    const out = join(dir.path, 'a.tar')
    execFileSync('tar', ['--format=ustar', '-cf', out, '-C', join(dir.path, 'in'), ...args, '.'])
    return new Uint8Array(readFileSync(out))
  } finally {
    await dir.remove()
  }
}

const text = (data: Uint8Array): string => Buffer.from(data).toString('utf8')

describe('readTarEntries', () => {
  it('reads the files and folders of a ustar archive, paths made relative', async () => {
    const deep = `${'d'.repeat(60)}/${'e'.repeat(60)}/file.txt`
    const entries = readTarEntries(
      await ustar({ PG_VERSION: '18\n', 'base/1/112': 'x'.repeat(1000), [deep]: 'deep' }),
    )
    const files = Object.fromEntries(
      entries.filter((e) => e.kind === 'file').map((e) => [e.path, text(e.data)]),
    )
    expect(files).toEqual({ PG_VERSION: '18\n', 'base/1/112': 'x'.repeat(1000), [deep]: 'deep' })
    expect(entries.filter((e) => e.kind === 'dir').map((e) => e.path)).toEqual(
      expect.arrayContaining(['', 'base', 'base/1']),
    )
  })

  it('refuses an entry that leaves the archive, a link, and an archive cut short', async () => {
    const archive = await ustar({ a: 'x' })
    // The header of `a`, found by its name as tar wrote it.
    const header = Buffer.from(archive).indexOf(Buffer.from('./a\0'))
    expect(header).toBeGreaterThanOrEqual(0)
    const escaping = new Uint8Array(archive)
    escaping.set(Buffer.from('../../etc/passwd\0'), header)
    expect(() => readTarEntries(escaping)).toThrow(/leaves the archive/)
    const linked = new Uint8Array(archive)
    linked[header + 156] = '2'.charCodeAt(0)
    expect(() => readTarEntries(linked)).toThrow(/not a file or folder/)
    const big = await ustar({ b: 'y'.repeat(5000) })
    expect(() => readTarEntries(big.subarray(0, 2048))).toThrow(/cut short/)
  })
})
