import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { identify, parseContract } from '@runink/contracts'
import { CACHE_FORMAT, ENGINE_VERSION } from './engine-version.js'
import type { ResolvedInput } from './resolve-inputs.js'
import type { RunnableStage } from './runnable-stage.js'
import { stageCacheKey } from './stage-cache-key.js'
import type { StageRunContext } from './stage-run-context.js'
import { testStage } from './testing/test-stage.js'

const { contract } = parseContract(
  'contract: c\nversion: 1.0.0\nfields:\n  id: { type: string }\n',
  'c.yaml',
)
const C = identify(contract!.model)
let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'runink-cache-key-'))
  await writeFile(path.join(dir, 'step.sh'), 'cat\n')
  await mkdir(path.join(dir, 'bundle-dir'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const ctx = (over: Partial<StageRunContext> = {}): StageRunContext =>
  ({
    baseDir: dir,
    params: { tag: 'a', day: 'mon' },
    maskKey: 'secret-key',
    stepBundles: new Map<string, string>(),
    ...over,
  }) as StageRunContext
const input = (uri: string, hash: string): ResolvedInput =>
  ({
    source: { uri, path: '/x', format: 'jsonl', mode: 'strict' },
    version: 'id-1',
    contentHash: hash,
    pin: { uri, contentHash: hash, pinned: 'file' },
  }) as ResolvedInput
const stage = (over: Partial<RunnableStage>): RunnableStage => testStage('s', C, over)

describe('stageCacheKey', () => {
  it('holds inputs by content, the params read, the code run and the runtimes that matter', async () => {
    const parts = await stageCacheKey(
      stage({
        steps: [
          { kind: 'builtin', name: 'derive', params: { t: 'params.tag' } },
          { kind: 'builtin', name: 'sql', params: { sql: 'SELECT * FROM input' } },
          { kind: 'builtin', name: 'mask', params: {} },
        ],
      }),
      ctx(),
      [input('dataset://a', 'sha256:aa')],
    )
    expect(parts).toMatchObject({
      inputs: { 'dataset://a': 'sha256:aa jsonl' },
      params: { tag: 'a' },
      code: {},
      runtime: {
        engine: ENGINE_VERSION,
        cacheFormat: String(CACHE_FORMAT),
        duckdb: expect.stringMatching(/^\d+\.\d+/),
        maskKey: expect.stringMatching(/^[0-9a-f]{32}$/),
      },
    })
    expect(JSON.stringify(parts)).not.toContain('secret-key')
    expect(parts.runtime.node).toBeUndefined()
  })

  it('takes every param and the code by content for exec steps; Node for TypeScript ones', async () => {
    const parts = await stageCacheKey(
      stage({
        steps: [
          { kind: 'exec', name: 'step', command: 'sh step.sh', params: {} },
          { kind: 'module', name: 'M', module: path.join(dir, 'm.ts'), params: {} },
        ],
      }),
      ctx({ stepBundles: new Map([[path.join(dir, 'm.ts'), path.join(dir, 'step.sh')]]) }),
      [],
    )
    expect(parts.params).toEqual({ day: 'mon', tag: 'a' })
    expect(Object.keys(parts.code).sort()).toEqual(['exec:step.sh', 'module:m.ts'])
    expect(parts.runtime.node).toBe(process.versions.node.split('.')[0])
  })

  it('names a file it cannot read, with a code', async () => {
    const module = path.join(dir, 'm.ts')
    await expect(
      stageCacheKey(
        stage({ steps: [{ kind: 'module', name: 'M', module, params: {} }] }),
        ctx({ stepBundles: new Map([[module, path.join(dir, 'bundle-dir')]]) }),
        [],
      ),
    ).rejects.toMatchObject({
      code: 'RUNINK_RUN_CACHE_KEY_UNREADABLE',
      message: expect.stringContaining(`could not read ${path.join(dir, 'bundle-dir')}`),
    })
  })
})
