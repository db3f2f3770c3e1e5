import { describe, it, expect, beforeEach, afterEach } from 'vitest'
import { chmod, lstat, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { createTestDatabase, makeTempDir, type TempDir } from '@runink/testing'
import { BARN_DIR, openBarn } from './barn.js'

/** Every path under dir with its permission bits (symbolic links left out). */
async function modesUnder(dir: string): Promise<Array<[string, number]>> {
  const out: Array<[string, number]> = [[dir, (await lstat(dir)).mode & 0o777]]
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isSymbolicLink()) continue
    const path = join(entry.parentPath, entry.name)
    out.push([path, (await lstat(path)).mode & 0o777])
  }
  return out
}

const open = (home: string) => openBarn({ home, lockTimeoutMs: 20_000 })

describe('an embedded Barn is private to its owner', () => {
  let dir: TempDir
  let umask: number
  beforeEach(async () => {
    dir = await makeTempDir()
    umask = process.umask(0o022) // the usual umask: files 0644, folders 0755 unless we say so
  })
  afterEach(async () => {
    process.umask(umask)
    await dir.remove()
  })

  it('a fresh Barn has no group or other bits on any file or folder, open and closed', async () => {
    const barn = await open(dir.path)
    await barn.datasets.write(Buffer.from('{"a":1}\n'), {
      name: 'x',
      format: 'jsonl',
      recordCount: 1,
    })
    const whileOpen = await modesUnder(join(dir.path, BARN_DIR))
    // PGlite writes its files 0666 whatever the umask: the walk at open took those bits off.
    expect(whileOpen.filter(([p]) => p.includes('postgresql.conf'))).not.toEqual([])
    expect(whileOpen.filter(([p]) => p.endsWith('barn.lock'))).not.toEqual([])
    await barn.close()
    const closed = await modesUnder(join(dir.path, BARN_DIR))
    expect(closed.length).toBeGreaterThan(100)
    expect(closed.filter(([, mode]) => (mode & 0o077) !== 0)).toEqual([])
    expect(closed.find(([p]) => p === join(dir.path, BARN_DIR))?.[1]).toBe(0o700)
    expect(
      whileOpen.filter(([p, mode]) => !p.includes(`${BARN_DIR}/db/`) && (mode & 0o077) !== 0),
    ).toEqual([])
  })

  it('makes a new home with the umask mode: only .runink/ inside it is private', async () => {
    // Slices run by root as another account traverse the home to their staging folder.
    const home = join(dir.path, 'new', 'home')
    const barn = await open(home)
    await barn.close()
    expect((await lstat(home)).mode & 0o777).toBe(0o755)
    expect((await lstat(join(dir.path, 'new'))).mode & 0o777).toBe(0o755)
    expect((await lstat(join(home, BARN_DIR))).mode & 0o777).toBe(0o700)
  })

  it('tightens an existing world-readable Barn when it is opened', async () => {
    const barn = await open(dir.path)
    await barn.datasets.write(Buffer.from('{"a":2}\n'), {
      name: 'y',
      format: 'jsonl',
      recordCount: 1,
    })
    await barn.close()
    // What a Barn made before modes were enforced looks like.
    for (const [path] of await modesUnder(join(dir.path, BARN_DIR))) {
      const isDir = (await lstat(path)).isDirectory()
      await chmod(path, isDir ? 0o755 : 0o644)
    }
    const again = await open(dir.path)
    try {
      const loose = (await modesUnder(join(dir.path, BARN_DIR))).filter(
        ([, mode]) => (mode & 0o077) !== 0,
      )
      expect(loose).toEqual([])
    } finally {
      await again.close()
    }
  })

  it('on PostgreSQL, tightens the objects folder under .runink/ too', async () => {
    const database = await createTestDatabase()
    try {
      const first = await openBarn({ home: dir.path, databaseUrl: database.url })
      await first.datasets.write(Buffer.from('{"a":3}\n'), {
        name: 'z',
        format: 'jsonl',
        recordCount: 1,
      })
      await first.close()
      for (const [path] of await modesUnder(join(dir.path, BARN_DIR))) {
        const isDir = (await lstat(path)).isDirectory()
        await chmod(path, isDir ? 0o755 : 0o644)
      }
      const again = await openBarn({ home: dir.path, databaseUrl: database.url })
      await again.close()
      const all = await modesUnder(join(dir.path, BARN_DIR))
      expect(all.filter(([p]) => p.includes('/objects/')).length).toBeGreaterThan(1)
      expect(all.filter(([, mode]) => (mode & 0o077) !== 0)).toEqual([])
    } finally {
      await database.drop()
    }
  })
})
