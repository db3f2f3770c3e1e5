import { mkdir, symlink } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openBarn, type Barn } from '@runink/store'
import { makeTempDir, type TempDir } from '@runink/testing'
import { heldBarn, lendBarn } from './held-barns.js'

let dir: TempDir
let barn: Barn

beforeAll(async () => {
  dir = await makeTempDir('runink-held-')
  barn = await openBarn({ home: path.join(dir.path, 'home'), databaseUrl: 'memory://' })
})

afterAll(async () => {
  await barn.close()
  await dir.remove()
})

describe('lent Barns', () => {
  it('are found by their home however it is reached, until given back', async () => {
    const home = path.join(dir.path, 'home')
    await mkdir(home, { recursive: true })
    await symlink(home, path.join(dir.path, 'link'))
    const giveBack = lendBarn(home, barn)
    expect(heldBarn(path.join(dir.path, 'link'))).toBe(barn)
    expect(heldBarn(path.join(home, 'sub', '..'))).toBe(barn)
    expect(heldBarn(dir.path)).toBeUndefined()
    giveBack()
    expect(heldBarn(home)).toBeUndefined()
  })
})
