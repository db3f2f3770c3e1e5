import { mkdtemp, readFile, readdir, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openAtomicFile, writeFileAtomic } from './atomic-file.js'

describe('atomic files', () => {
  it('appear only on commit', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'runink-atomic-'))
    const target = path.join(dir, 'sub', 'out.jsonl')
    const f = await openAtomicFile(target)
    await f.write('{"a":1}\n')
    expect(await readdir(path.dirname(target))).not.toContain('out.jsonl')
    await f.commit()
    expect(await readFile(target, 'utf8')).toBe('{"a":1}\n')
    expect(await readdir(path.dirname(target))).toEqual(['out.jsonl'])
  })
  it('leave nothing behind on abort', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'runink-atomic-'))
    const f = await openAtomicFile(path.join(dir, 'out.csv'))
    await f.write('a,b\n')
    await f.abort()
    expect(await readdir(dir)).toEqual([])
  })
  it('replace an existing file in one step', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'runink-atomic-'))
    const target = path.join(dir, 'x.txt')
    await writeFileAtomic(target, 'one')
    await writeFileAtomic(target, 'two')
    expect(await readFile(target, 'utf8')).toBe('two')
  })
  it('take a mode, and bytes as well as text', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'runink-atomic-'))
    const target = path.join(dir, 'secret.bin')
    await writeFileAtomic(target, new Uint8Array([1, 2, 3]), { mode: 0o600 })
    expect([...(await readFile(target))]).toEqual([1, 2, 3])
    expect((await stat(target)).mode & 0o777).toBe(0o600)
    expect(await readdir(dir)).toEqual(['secret.bin'])
  })
})
