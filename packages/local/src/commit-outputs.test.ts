import {
  chmod,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { text } from 'node:stream/consumers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openBarn, type Barn } from '@runink/store'
import { commitOutputs } from '@runink/engine/testing'
import { barnPorts } from './barn-ports.js'

let dir: string
let slices: string
let barn: Barn
let ids: { runId: string; stageRunId: string }

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'runink-commit-outputs-'))
  slices = path.join(dir, 'slices')
  for (const s of ['s0', 's1']) await mkdir(path.join(slices, s), { recursive: true })
  barn = await openBarn({ home: dir })
  const plan = await barn.plans.put({ stages: ['s'] }, { name: 'p' })
  const { run } = await barn.runs.create({ planHash: plan.hash })
  const stageRun = await barn.stages.create({ runId: run.id, stage: 's', nodeHash: plan.hash })
  await barn.stages.transition(stageRun.id, 'running')
  ids = { runId: run.id, stageRunId: stageRun.id }
})
afterEach(async () => {
  await barn.close()
  await rm(dir, { recursive: true, force: true })
})

const commit = (uri: string, files: Record<string, string> = { s0: '0.jsonl', s1: '0.jsonl' }) =>
  commitOutputs({
    ...barnPorts(barn),
    herd: 'default',
    baseDir: dir,
    ...ids,
    contractHash: 'sha256:' + 'c'.repeat(64),
    sinks: [
      {
        uri,
        format: 'jsonl',
        parts: Object.entries(files).map(([s, file]) => ({
          stagingDir: path.join(slices, s),
          file,
          records: 1,
        })),
      },
    ],
  })

describe('commitOutputs', () => {
  it('merges the slices’ parts into a fresh host file, versions it and leaves staging alone', async () => {
    await writeFile(path.join(slices, 's0', '0.jsonl'), '{"id":"a"}\n')
    await writeFile(path.join(slices, 's1', '0.jsonl'), '{"id":"b"}\n')
    await chmod(path.join(slices, 's1', '0.jsonl'), 0o6777)
    const [out] = await commit('jsonl://out/all.jsonl')
    const target = path.join(dir, 'out', 'all.jsonl')
    expect(await readFile(target, 'utf8')).toBe('{"id":"a"}\n{"id":"b"}\n')
    const info = await stat(target)
    expect(info.mode & 0o7777).toBe(0o666 & ~process.umask())
    expect(out!.version.recordCount).toBe(2)
    expect(await text(await barn.objects.get(out!.version.objectKey))).toBe(
      '{"id":"a"}\n{"id":"b"}\n',
    )
    // Nothing of the commit's own is left beside the staging folders.
    expect((await readdir(slices)).sort()).toEqual(['s0', 's1'])
  })

  it('refuses a part that is a symlink out of staging and publishes nothing', async () => {
    const secret = path.join(dir, 'host-secret.txt')
    await writeFile(secret, 'host data\n')
    await writeFile(path.join(slices, 's0', '0.jsonl'), '{"id":"a"}\n')
    await symlink(secret, path.join(slices, 's1', '0.jsonl'))
    await expect(commit('dataset://taken')).rejects.toMatchObject({
      code: 'RUNINK_SLICE_BAD_STAGING',
      message: expect.stringMatching(/s1\/0\.jsonl is a symbolic link: refused$/),
    })
    await expect(barn.datasets.resolve('dataset://taken')).rejects.toThrow()
    expect(await readFile(secret, 'utf8')).toBe('host data\n')
    expect((await readdir(slices)).sort()).toEqual(['s0', 's1'])
  })

  it('publishes all of a stage’s outputs or none: a refused second sink leaves no version and no file of the first', async () => {
    await writeFile(path.join(slices, 's0', 'a.jsonl'), '{"id":"a"}\n')
    await symlink(path.join(dir, 'elsewhere.jsonl'), path.join(slices, 's0', 'b.jsonl'))
    const error = await commitOutputs({
      ...barnPorts(barn),
      herd: 'default',
      baseDir: dir,
      ...ids,
      contractHash: 'sha256:' + 'c'.repeat(64),
      sinks: ['a', 'b'].map((s) => ({
        uri: `jsonl://out/${s}.jsonl`,
        format: 'jsonl' as const,
        parts: [{ stagingDir: path.join(slices, 's0'), file: `${s}.jsonl`, records: 1 }],
      })),
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'RUNINK_SLICE_BAD_STAGING' })
    expect(await barn.datasets.list()).toEqual([])
    expect((await barn.stages.getStage(ids.stageRunId)).status).toBe('running')
    // Neither target, nor a temporary file beside them.
    expect(await readdir(path.join(dir, 'out'))).toEqual([])
  })

  it('moves the stage to succeeded with its versions, and records its cache entry in the same unit', async () => {
    await writeFile(path.join(slices, 's0', '0.jsonl'), '{"id":"a"}\n')
    await writeFile(path.join(slices, 's1', '0.jsonl'), '{"id":"b"}\n')
    const slice = await barn.stages.createSlice({ stageRunId: ids.stageRunId, startedWith: 'none' })
    await barn.stages.finishSlice(slice.id, 'succeeded')
    const parts = {
      nodeHash: 'sha256:n',
      code: {},
      contractHashes: [],
      inputs: {},
      params: {},
      runtime: {},
    }
    const [out] = await commitOutputs({
      ...barnPorts(barn),
      herd: 'default',
      baseDir: dir,
      ...ids,
      contractHash: 'sha256:' + 'c'.repeat(64),
      sinks: [
        {
          uri: 'dataset://silver.trades',
          format: 'jsonl',
          parts: ['s0', 's1'].map((s) => ({
            stagingDir: path.join(slices, s),
            file: '0.jsonl',
            records: 1,
          })),
        },
      ],
      cache: { parts, sliceId: slice.id },
    })
    expect(out!.version.ref).toBe('dataset://silver.trades@1')
    expect((await barn.stages.getStage(ids.stageRunId)).status).toBe('succeeded')
    expect((await barn.cache.lookup(parts))?.outputs.map((v) => v.id)).toEqual([out!.version.id])
  })

  it('refuses a file sink whose target is a folder before publishing anything', async () => {
    await writeFile(path.join(slices, 's0', '0.jsonl'), '{"id":"a"}\n')
    await mkdir(path.join(dir, 'out', 'all.jsonl'), { recursive: true })
    await expect(commit('jsonl://out/all.jsonl', { s0: '0.jsonl' })).rejects.toMatchObject({
      code: 'RUNINK_SINK_FAILED',
      message: expect.stringMatching(/out\/all\.jsonl: it is a folder$/),
    })
    expect(await barn.datasets.list()).toEqual([])
    expect(await readdir(path.join(dir, 'out'))).toEqual(['all.jsonl'])
  })

  it('refuses a part name that leaves its staging folder', async () => {
    await writeFile(path.join(slices, 's0', '0.jsonl'), '{"id":"a"}\n')
    await expect(commit('dataset://taken', { s0: '../../host-secret.txt' })).rejects.toMatchObject({
      code: 'RUNINK_SLICE_BAD_STAGING',
    })
  })
})
