import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cp, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { BARN_DIR, openBarn, type DatasetVersion } from '@runink/store'
import { makeTempDir, type TempDir } from '@runink/testing'
import { runCliWith, type CliRun } from '../testing/run-cli.js'

// The probe's finding, end to end: a tampered object under a dataset version, then a
// `runi run --no-cache`. The rerun must rewrite the object from the recomputed bytes (same
// content key) rather than keep the tampered one, so the joined output is right again.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..')
let dir: TempDir
let state: TempDir

function runi(...argv: string[]): Promise<CliRun> {
  return runCliWith({ cwd: dir.path, env: { HOME: dir.path, XDG_STATE_HOME: state.path } }, ...argv)
}

async function versions(name: string): Promise<DatasetVersion[]> {
  const barn = await openBarn({ home: dir.path })
  try {
    return await barn.datasets.versions(name, 'sales')
  } finally {
    await barn.close()
  }
}

beforeAll(async () => {
  dir = await makeTempDir('runink-repair-')
  state = await makeTempDir('runink-repair-state-')
  await cp(path.join(ROOT, 'examples', 'orders'), dir.path, {
    recursive: true,
    filter: (src) => !/[/\\](\.runink|out)([/\\]|$)/.test(src.slice(ROOT.length)),
  })
})
afterAll(async () => {
  await dir.remove()
  await state.remove()
})

describe('a --no-cache rerun after tampering', () => {
  it('repairs the tampered object and publishes the right joined data', async () => {
    const first = await runi('run', 'orders.dsl', '--isolation', 'process')
    expect(first.code, first.stderr).toBe(0)
    const [orders] = await versions('sales.orders')
    const [joined] = await versions('sales.customer_orders')
    if (!orders || !joined) throw new Error('the first run published nothing')
    const object = path.join(
      dir.path,
      BARN_DIR,
      'objects',
      orders.objectKey.slice(0, 2),
      orders.objectKey.slice(2),
    )
    // Someone with write access to the Barn changes an amount in the orders version.
    const original = await readFile(object)
    const forged = Buffer.from(
      original
        .toString('latin1')
        .replace(/"amount":(\d)/, (_, d: string) => `"amount":${d === '9' ? '1' : '9'}`),
      'latin1',
    )
    expect(forged.equals(original)).toBe(false)
    await writeFile(object, forged)
    expect((await runi('dataset', 'verify', '--herd', 'sales')).code).toBe(1)

    const rerun = await runi('run', 'orders.dsl', '--isolation', 'process', '--no-cache')
    expect(rerun.code, rerun.stderr).toBe(0)
    expect(await readFile(object)).toEqual(original)
    const joinedAgain = (await versions('sales.customer_orders')).at(-1)
    expect(joinedAgain?.version).toBe(2)
    expect(joinedAgain?.objectKey).toBe(joined.objectKey)
    const verify = await runi('dataset', 'verify', '--herd', 'sales')
    expect(verify.stdout).toContain('all intact')
    expect(verify.code).toBe(0)
  })
})
