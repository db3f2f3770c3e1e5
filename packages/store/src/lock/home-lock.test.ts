import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTempDir, type TempDir } from '@runink/testing'
import { describeLockHolder, lockHolderOf, lockHome } from './home-lock.js'

let dir: TempDir

beforeAll(async () => {
  dir = await makeTempDir('runink-home-lock-')
})

afterAll(async () => {
  await dir.remove()
})

describe('who holds a Barn', () => {
  it('is nobody while the lock is free, and the holder with what it added while held', async () => {
    expect(await lockHolderOf(dir.path)).toBeUndefined()
    const release = await lockHome(dir.path)
    try {
      expect(await lockHolderOf(dir.path)).toMatchObject({ pid: process.pid })
      await describeLockHolder(dir.path, { runId: 'run-1', socket: '/x/barn.sock' })
      expect(await lockHolderOf(dir.path)).toMatchObject({
        pid: process.pid,
        runId: 'run-1',
        socket: '/x/barn.sock',
      })
      // A field given as undefined is taken off; the rest stays.
      await describeLockHolder(dir.path, { socket: undefined })
      const holder = JSON.parse(await readFile(join(dir.path, 'barn.lock.json'), 'utf8')) as object
      expect(holder).not.toHaveProperty('socket')
      expect(holder).toMatchObject({ runId: 'run-1' })
    } finally {
      await release()
    }
    expect(await lockHolderOf(dir.path)).toBeUndefined()
    // Only the holder describes itself: after release, nothing is written.
    await describeLockHolder(dir.path, { runId: 'late' })
    expect(await lockHolderOf(dir.path)).toBeUndefined()
  })
})
