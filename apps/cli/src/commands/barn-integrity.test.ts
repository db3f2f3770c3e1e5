import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { userInfo } from 'node:os'
import path from 'node:path'
import { BARN_DIR } from '@runink/store'
import { makeTempDir, type TempDir } from '@runink/testing'
import { runCliWith, type CliRun } from '../testing/run-cli.js'

let home: TempDir
let state: TempDir

/** Runs `runi` in-process on an embedded Barn in home, keys under state (XDG_STATE_HOME). */
function runi(env: Record<string, string>, ...argv: string[]): Promise<CliRun> {
  return runCliWith({ cwd: home.path, env }, ...argv)
}
const env = (): Record<string, string> => ({
  HOME: home.path,
  XDG_STATE_HOME: state.path,
  USER: 'mallory', // an environment variable is not an identity
})

const totals = '{"desk":"rates","total":1200}\n{"desk":"fx","total":800}\n'

beforeAll(async () => {
  home = await makeTempDir('runink-cli-integrity-')
  state = await makeTempDir('runink-cli-state-')
  await writeFile(path.join(home.path, 'totals.jsonl'), totals)
  expect((await runi(env(), 'dataset', 'push', 'totals.jsonl', 'gold.totals')).code).toBe(0)
})
afterAll(async () => {
  await home.remove()
  await state.remove()
})

describe('runi dataset verify / pull / doctor on a tampered object', () => {
  it('pull fails naming the version and leaves no file; verify and doctor exit 1 naming it', async () => {
    const key = JSON.parse((await runi(env(), 'dataset', 'show', 'gold.totals', '--json')).stdout)
      .objectKey as string
    const object = path.join(home.path, BARN_DIR, 'objects', key.slice(0, 2), key.slice(2))
    await writeFile(object, totals.replace('1200', '9200')) // same size, wrong total

    const pull = await runi(env(), 'dataset', 'pull', 'gold.totals', '-o', 'out.jsonl')
    expect(pull.code).toBe(1)
    expect(pull.stderr).toMatch(
      /^error: dataset:\/\/gold\.totals@1: object [0-9a-f]{64} in the folder store is corrupt: its bytes hash to [0-9a-f]{64}.*\[RUNINK_STORE_OBJECT_CORRUPT\]\n$/,
    )
    expect((await readdir(home.path)).filter((f) => f.startsWith('out.jsonl'))).toEqual([])

    const verify = await runi(env(), 'dataset', 'verify')
    expect(verify.code).toBe(1)
    expect(verify.stdout).toContain('datasets: 1 versions checked (1 objects): 1 BAD')
    expect(verify.stdout).toContain(
      `dataset://gold.totals@1 (herd default): object ${key} is corrupt: its bytes hash to`,
    )
    expect((await runi(env(), 'dataset', 'verify', 'gold.totals@1')).code).toBe(1)

    const doctor = await runi(env(), 'doctor')
    expect(doctor.code).toBe(1)
    expect(doctor.stdout).toContain('dataset://gold.totals@1 (herd default)')
    expect(doctor.stdout).toContain('audit chain intact')
    expect(doctor.stdout).toContain('doctor: PROBLEMS FOUND')

    // Pushing the same bytes again repairs the object rather than keeping the tampered one.
    expect((await runi(env(), 'dataset', 'push', 'totals.jsonl', 'gold.totals')).code).toBe(0)
    expect((await runi(env(), 'dataset', 'pull', 'gold.totals@1', '-o', 'out.jsonl')).code).toBe(0)
    expect(await readFile(path.join(home.path, 'out.jsonl'), 'utf8')).toBe(totals)
    const healthy = await runi(env(), 'doctor')
    expect(healthy.stdout).toContain('datasets: 2 versions checked (1 objects): all intact')
    expect(healthy.stdout).toContain('doctor: the Barn is healthy')
    expect(healthy.code).toBe(0)
  })
})

describe('runi audit verify and the seal', () => {
  it('records the OS identity as actor, and is sealed with the key in the state folder', async () => {
    const log = await runi(env(), 'audit', 'log', '--json')
    const me = userInfo()
    const actors = new Set((JSON.parse(log.stdout) as Array<{ actor: string }>).map((e) => e.actor))
    expect([...actors]).toEqual([`${me.username} (uid ${me.uid})`])
    const ok = await runi(env(), 'audit', 'verify')
    expect(ok.stdout).toMatch(
      /^audit chain intact: \d+ entries, head [0-9a-f]{64}; sealed from entry 1, checkpoint at entry \d+\n$/,
    )
    expect(ok.code).toBe(0)
    expect((await readdir(path.join(state.path, 'runink', 'audit'))).sort()).toEqual([
      expect.stringMatching(/\.checkpoint$/),
      expect.stringMatching(/\.key$/),
    ])
  })

  it('without the key (another machine, another user), exits 1: cannot check the seal', async () => {
    const elsewhere = await makeTempDir('runink-cli-nokey-')
    try {
      const r = await runi({ ...env(), XDG_STATE_HOME: elsewhere.path }, 'audit', 'verify')
      expect(r.code).toBe(1)
      expect(r.stdout).toMatch(
        /^audit chain BROKEN: the chain of \d+ entries is consistent, but cannot check the seal: key not found \(/,
      )
    } finally {
      await elsewhere.remove()
    }
  })
})
