import {
  chmod,
  chown,
  mkdir,
  mkdtemp,
  rm,
  readFile,
  readdir,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { commitStaged, moveStaged } from './commit-staged.js'

describe('commitStaged', () => {
  it('moves a staged file into place, creating directories', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'runink-commit-'))
    const staged = join(dir, 'staging', 'out.jsonl')
    const target = join(dir, 'data', 'deep', 'out.jsonl')
    await mkdir(join(dir, 'staging'))
    await writeFile(staged, '{"a":1}\n')
    await commitStaged(staged, target)
    expect(await readFile(target, 'utf8')).toBe('{"a":1}\n')
    expect(await readdir(join(dir, 'staging'))).toEqual([])
  })

  it('replaces an existing target in one step', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'runink-commit-'))
    const target = join(dir, 'out.csv')
    await writeFile(target, 'old\n')
    await writeFile(join(dir, 'staged'), 'new\n')
    await commitStaged(join(dir, 'staged'), target)
    expect(await readFile(target, 'utf8')).toBe('new\n')
    expect((await readdir(dir)).sort()).toEqual(['out.csv'])
  })

  it('copies across file systems through a temp file beside the target', async () => {
    // /dev/shm is a separate tmpfs on Linux; elsewhere this exercises the plain rename.
    const shm = await stat('/dev/shm').catch(() => undefined)
    const stagingRoot = shm?.isDirectory() ? '/dev/shm' : tmpdir()
    const stagingDir = await mkdtemp(join(stagingRoot, 'runink-stage-'))
    const dir = await mkdtemp(join(tmpdir(), 'runink-commit-'))
    const staged = join(stagingDir, 'out.parquet')
    const target = join(dir, 'out.parquet')
    await writeFile(target, 'old')
    await writeFile(staged, 'x'.repeat(100_000))
    await commitStaged(staged, target)
    expect(await readFile(target, 'utf8')).toBe('x'.repeat(100_000))
    expect(await readdir(dir)).toEqual(['out.parquet'])
    expect(await readdir(stagingDir)).toEqual([])
    await rm(stagingDir, { recursive: true })
  })

  it('fails with a typed error and leaves the target alone when the staged file is missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'runink-commit-'))
    const target = join(dir, 'out.json')
    await writeFile(target, '[]')
    await expect(commitStaged(join(dir, 'missing'), target)).rejects.toMatchObject({
      code: 'RUNINK_SINK_FAILED',
    })
    expect(await readFile(target, 'utf8')).toBe('[]')
  })

  it('publishes a setuid or foreign staged file as a fresh plain file of this user', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'runink-commit-'))
    const staged = join(dir, 'staged')
    const target = join(dir, 'out', 'plain.csv')
    await writeFile(staged, 'a\n')
    await chmod(staged, 0o6777)
    // As root the file can belong to someone else too, as a sandboxed slice's files do.
    if (process.getuid?.() === 0) await chown(staged, 999, 999)
    await commitStaged(staged, target)
    const info = await stat(target)
    expect(info.mode & 0o7000).toBe(0)
    expect(info.mode & 0o777).toBe(0o666 & ~process.umask())
    expect(info.uid).toBe(process.getuid?.())
    expect(await readFile(target, 'utf8')).toBe('a\n')
    expect(await readdir(dir)).toEqual(['out'])
  })

  it('refuses a staged symlink and leaves both its target and the sink target alone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'runink-commit-'))
    await writeFile(join(dir, 'host-file'), 'host data')
    await symlink(join(dir, 'host-file'), join(dir, 'staged'))
    await writeFile(join(dir, 'out.csv'), 'old')
    await expect(commitStaged(join(dir, 'staged'), join(dir, 'out.csv'))).rejects.toMatchObject({
      code: 'RUNINK_SINK_FAILED',
      message: expect.stringMatching(/it is a symbolic link$/),
    })
    expect(await readFile(join(dir, 'host-file'), 'utf8')).toBe('host data')
    expect(await readFile(join(dir, 'out.csv'), 'utf8')).toBe('old')
  })
})

describe('moveStaged', () => {
  it('copies a file it may not rename straight into the fresh name, with no set-id bits and nothing else beside it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'runink-move-'))
    const staged = join(dir, 'staged')
    const fresh = join(dir, 'out', '.a.jsonl.1.commit')
    await writeFile(staged, '{"a":1}\n')
    await chmod(staged, 0o6755)
    await moveStaged(staged, fresh)
    expect(await readFile(fresh, 'utf8')).toBe('{"a":1}\n')
    expect((await stat(fresh)).mode & 0o7777).toBe(0o666 & ~process.umask())
    expect(await readdir(join(dir, 'out'))).toEqual(['.a.jsonl.1.commit'])
    expect(await readdir(dir)).toEqual(['out'])
    await rm(dir, { recursive: true })
  })

  it('refuses a symlink and a fresh name that is taken, with typed errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'runink-move-'))
    await writeFile(join(dir, 'secret'), 'host\n')
    await symlink(join(dir, 'secret'), join(dir, 'link'))
    await expect(moveStaged(join(dir, 'link'), join(dir, 'fresh'))).rejects.toMatchObject({
      code: 'RUNINK_SINK_FAILED',
      message: expect.stringMatching(/it is a symbolic link$/),
    })
    await writeFile(join(dir, 'staged'), 'new\n')
    await chmod(join(dir, 'staged'), 0o4644)
    await writeFile(join(dir, 'taken'), 'old\n')
    await expect(moveStaged(join(dir, 'staged'), join(dir, 'taken'))).rejects.toMatchObject({
      code: 'RUNINK_SINK_FAILED',
    })
    expect(await readFile(join(dir, 'taken'), 'utf8')).toBe('old\n')
    await rm(dir, { recursive: true })
  })
})
