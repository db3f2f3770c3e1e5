import { readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { describe, expect, it } from 'vitest'
import { warmUpSlice } from './warm-up-slice.js'

describe('warmUpSlice', () => {
  it('runs its slices to the end and leaves nothing behind', async () => {
    const before = (await readdir(tmpdir())).filter((f) => f.startsWith('runink-warm-up-'))
    await expect(warmUpSlice()).resolves.toBeUndefined()
    const after = (await readdir(tmpdir())).filter((f) => f.startsWith('runink-warm-up-'))
    expect(after).toEqual(before)
  })
})
