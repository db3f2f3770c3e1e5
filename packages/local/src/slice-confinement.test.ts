import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openBarn, type Barn } from '@runink/store'
import {
  createSliceRunner,
  loadMaskKey,
  type RunnableStage,
  type RunnableStep,
  runPipeline,
  type SliceRunner,
} from '@runink/engine'
import { createLocalLauncher } from '@runink/sandbox'
import { testContract, testStage } from '@runink/engine/testing'
import { readHerdGrants } from './read-herd-grants.js'
import { barnPorts } from './barn-ports.js'

const PROBED = testContract(`
contract: probed
version: 1.0.0
fields:
  id: { type: string, required: true }
  probe: { type: string }
`)

/** Everyone may read and search `p` and what is under it (slices may run as another uid). */
function openUp(p: string): void {
  const s = statSync(p)
  chmodSync(p, s.isDirectory() ? 0o755 : 0o644)
  if (s.isDirectory()) for (const e of readdirSync(p)) openUp(path.join(p, e))
}

// <root>/inbox/data.csv is the source, beside a file the slice must not see; the feature file's
// folder is <root>/inbox/proj; the Barn lives three levels below it, in <proj>/deep/er/.runink,
// readable by everyone here so that only the sandbox's view can keep it from a step.
let root: string
let inbox: string
let proj: string
let home: string
let barnDir: string
let key: string
let barn: Barn
let runner: SliceRunner

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'runink-confine-'))
  inbox = path.join(root, 'inbox')
  proj = path.join(inbox, 'proj')
  home = path.join(proj, 'deep', 'er')
  barnDir = path.join(home, '.runink')
  await mkdir(path.join(proj, 'steps'), { recursive: true })
  await mkdir(path.join(root, 'outside'))
  await writeFile(path.join(inbox, 'data.csv'), 'id\nR1\n')
  await writeFile(path.join(inbox, 'secret.txt'), 'not declared\n')
  await writeFile(path.join(root, 'outside', 'shadow.csv'), 'id\nroot:$6$hash\n')
  await writeFile(path.join(proj, 'in.csv'), 'id\nR1\n')
  await writeFile(path.join(proj, 'steps', 'leak.txt'), 'x')
  barn = await openBarn({ home })
  key = await loadMaskKey(path.join(barnDir, 'keys'), 'default')
  await barn.herds.allowPath('default', inbox)
  runner = await createSliceRunner({
    mode: 'sandbox',
    stagingRoot: path.join(root, 'slices'),
  })
})
afterAll(async () => {
  await runner.close()
  await barn.close()
  await rm(root, { recursive: true, force: true })
})

function stage(id: string, over: Partial<RunnableStage>): RunnableStage {
  return testStage(id, PROBED, { cache: false, ...over })
}

async function run(stages: RunnableStage[]) {
  openUp(root)
  return runPipeline({
    ...barnPorts(barn),
    plan: { stages: stages.map((s) => s.id) },
    planHash: 'sha256:' + 'c'.repeat(64),
    name: 'confinement',
    herd: 'default',
    stages,
    baseDir: proj,
    runner,
    concurrency: 4,
    maskKey: key,
    stagingDir: path.join(root, 'staging'),
    grants: await readHerdGrants(barn, 'default'),
  })
}

async function probed(file: string): Promise<string> {
  const lines = (await readFile(path.join(proj, file), 'utf8')).trim().split('\n')
  return (JSON.parse(lines[0]!) as { probe: string }).probe
}

// The default runner (supervisor, strongest backend: bwrap here) and the unshare fallback.
describe.each(['default', 'unshare'] as const)(
  'a slice sees only its declared inputs, never a Barn (%s)',
  (backend) => {
    let saved: SliceRunner | undefined
    beforeAll(async () => {
      if (backend !== 'unshare') return
      saved = runner
      runner = await createSliceRunner({
        launcher: createLocalLauncher({
          backend: 'unshare',
          stagingRoot: path.join(root, 'slices-unshare'),
        }),
      })
    })
    afterAll(async () => {
      if (saved === undefined) return
      await runner.close()
      runner = saved
    })

    it('an exec step in the project folder cannot list or read a Barn at any depth, nor undeclared files', async () => {
      const script = [
        'cat >/dev/null',
        `out=$( { echo SRC:; ls -a ${inbox}; echo BARN:; ls -a ${barnDir}; echo KEY:; cat ${barnDir}/keys/default.key; echo DB:; ls ${barnDir}/db; echo STAGING:; ls -a .runink-staging; } 2>&1 | tr '\\n"\\\\' '   ')`,
        `printf '{"id":"R1","probe":"%s"}\\n' "$out"`,
      ].join('\n')
      await writeFile(path.join(proj, 'probe.sh'), script)
      // Another run's staging beside a Barn (runi run stages in <home>/.runink-staging).
      await mkdir(path.join(proj, '.runink-staging', 'run-1-1', 'inputs'), { recursive: true })
      await writeFile(path.join(proj, '.runink-staging', 'run-1-1', 'inputs', 'x.jsonl'), '{}\n')
      const result = await run([
        stage('exec_probe', {
          sources: [{ uri: 'csv://../data.csv' }],
          steps: [{ kind: 'exec', name: 'probe', command: 'sh probe.sh', params: {} }],
          sinks: [{ uri: 'jsonl://out/exec-probe.jsonl' }],
        }),
      ])
      expect(result.stages[0]).toMatchObject({ status: 'succeeded' })
      const probe = await probed('out/exec-probe.jsonl')
      expect(probe).toContain('data.csv')
      expect(probe).not.toContain('secret.txt')
      expect(probe).not.toContain(key)
      expect(probe).toMatch(/BARN: \. \.\. KEY:/)
      expect(probe).toMatch(/DB: ls: cannot access/)
      expect(probe).toMatch(/STAGING: \. \.\. $/)
    })

    it('a TypeScript step (bundled with its sibling imports) sees the source file alone in its folder', async () => {
      await writeFile(
        path.join(proj, 'steps', 'helper.ts'),
        `import { readdirSync } from 'node:fs'\nexport const list = (dir: string): string => { try { return readdirSync(dir).join(',') } catch (e) { return 'ERR ' + String(e) } }\n`,
      )
      await writeFile(
        path.join(proj, 'steps', 'probe.ts'),
        [
          `import { defineStep } from '@runink/engine'`,
          `import { readFileSync } from 'node:fs'`,
          `import { list } from './helper.js'`,
          `const read = (f: string): string => { try { return readFileSync(f, 'utf8') } catch (e) { return 'ERR' } }`,
          `export const Probe = defineStep({ map: (r) => ({ id: r.id, probe: JSON.stringify({`,
          `  src: list(${JSON.stringify(inbox)}),`,
          `  steps: list(${JSON.stringify(path.join(proj, 'steps'))}),`,
          `  barn: list(${JSON.stringify(barnDir)}),`,
          `  key: read(${JSON.stringify(path.join(barnDir, 'keys', 'default.key'))}),`,
          `}) }) })`,
        ].join('\n'),
      )
      const step: RunnableStep = {
        kind: 'module',
        name: 'Probe',
        module: path.join(proj, 'steps', 'probe.ts'),
        params: {},
      }
      const result = await run([
        stage('ts_probe', {
          sources: [{ uri: 'csv://../data.csv' }],
          steps: [step],
          sinks: [{ uri: 'jsonl://out/ts-probe.jsonl' }],
        }),
      ])
      expect(result.stages[0]).toMatchObject({ status: 'succeeded' })
      const seen = JSON.parse(await probed('out/ts-probe.jsonl')) as Record<string, string>
      expect(seen.src).toBe('data.csv')
      expect(seen.steps).toMatch(/^ERR /)
      expect(seen.barn).toMatch(/^ERR /)
      expect(seen.key).toBe('ERR')
    })

    it('a step module may not import a file outside the project through a symlink', async () => {
      await writeFile(path.join(root, 'outside', 'loot.txt'), 'outside secret')
      await rm(path.join(proj, 'steps', 'leak.txt'), { force: true })
      await symlink(path.join(root, 'outside', 'loot.txt'), path.join(proj, 'steps', 'leak.txt'))
      await writeFile(
        path.join(proj, 'steps', 'leaky.ts'),
        `import { defineStep } from '@runink/engine'\nimport loot from './leak.txt'\nexport const Leaky = defineStep({ map: (r) => ({ id: r.id, probe: loot }) })\n`,
      )
      const result = await run([
        stage('leaky', {
          sources: [{ uri: 'csv://in.csv' }],
          steps: [
            {
              kind: 'module',
              name: 'Leaky',
              module: path.join(proj, 'steps', 'leaky.ts'),
              params: {},
            },
          ],
          sinks: [{ uri: 'jsonl://out/leaky.jsonl' }],
        }),
      ])
      expect(result.stages[0]?.status).toBe('failed')
      expect(result.stages[0]?.error).toMatch(/imports .*outside[/]loot\.txt, outside the project/)
      expect(existsSync(path.join(proj, 'out', 'leaky.jsonl'))).toBe(false)
    })
  },
)

describe('file sources and sinks stay inside the project', () => {
  const attacks = (): RunnableStage[] => [
    stage('up', {
      sources: [{ uri: 'csv://in.csv' }],
      sinks: [{ uri: 'jsonl://../../outside/up.jsonl' }],
    }),
    stage('absolute', {
      sources: [{ uri: 'csv://in.csv' }],
      sinks: [{ uri: `jsonl://${root}/outside/absolute.jsonl` }],
    }),
    stage('linked', {
      sources: [{ uri: 'csv://in.csv' }],
      sinks: [{ uri: 'jsonl://link/linked.jsonl' }],
    }),
    stage('shadow', {
      sources: [{ uri: `csv://${root}/outside/shadow.csv` }],
      sinks: [{ uri: 'jsonl://out/shadow.jsonl' }],
    }),
    stage('barn', {
      sources: [{ uri: 'csv://deep/er/.runink/keys/default.key' }],
      sinks: [{ uri: 'jsonl://out/key.jsonl' }],
    }),
  ]

  it('refuses ../, absolute, symlinked-folder and Barn paths at run time, writing nothing', async () => {
    await symlink(path.join(root, 'outside'), path.join(proj, 'link'))
    const result = await run(attacks())
    const byId = Object.fromEntries(result.stages.map((s) => [s.id, s]))
    for (const id of ['up', 'absolute', 'linked', 'shadow']) {
      expect(byId[id]?.status).toBe('failed')
      expect(byId[id]?.error).toMatch(/outside the project folder .*runi herd path allow/)
    }
    expect(byId.barn?.status).toBe('failed')
    expect(byId.barn?.error).toMatch(/inside a Barn/)
    expect(readdirSync(path.join(root, 'outside')).sort()).toEqual(['loot.txt', 'shadow.csv'])
    expect(existsSync(path.join(proj, 'out', 'shadow.jsonl'))).toBe(false)
  })

  it('allows an outside folder once the herd grants it (writable for sinks)', async () => {
    const outside = path.join(root, 'outside')
    await barn.herds.allowPath('default', outside)
    let result = await run(attacks().filter((s) => s.id === 'shadow' || s.id === 'linked'))
    const status = Object.fromEntries(result.stages.map((s) => [s.id, s.status]))
    expect(status).toEqual({ shadow: 'succeeded', linked: 'failed' })
    await barn.herds.allowPath('default', outside, { writable: true })
    result = await run(attacks().filter((s) => s.id !== 'barn'))
    expect(result.stages.map((s) => [s.id, s.status])).toEqual([
      ['up', 'succeeded'],
      ['absolute', 'succeeded'],
      ['linked', 'succeeded'],
      ['shadow', 'succeeded'],
    ])
    expect(readdirSync(outside).sort()).toEqual([
      'absolute.jsonl',
      'linked.jsonl',
      'loot.txt',
      'shadow.csv',
      'up.jsonl',
    ])
  })
})
