import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { barnFactories, type TestBarn } from '../../testing/barn-factories.js'
import type { Barn } from '../../barn.js'

/** A running stage run (and its succeeded slice) of a new running run. */
async function runningStage(
  barn: Barn,
  stage: string,
): Promise<{ runId: string; stageRunId: string; sliceId: string }> {
  const plan = await barn.plans.put({ stage }, { name: 'p' })
  const { run } = await barn.runs.create({ planHash: plan.hash })
  await barn.runs.start(run.id)
  const s = await barn.stages.create({ runId: run.id, stage, nodeHash: plan.hash })
  await barn.stages.transition(s.id, 'running')
  const slice = await barn.stages.createSlice({ stageRunId: s.id, startedWith: 'none' })
  return { runId: run.id, stageRunId: s.id, sliceId: slice.id }
}

const version = (name: string, objectKey: string, ids: { runId: string; stageRunId: string }) => ({
  name,
  objectKey,
  format: 'jsonl',
  recordCount: 1,
  runId: ids.runId,
  stageRunId: ids.stageRunId,
})

describe.each(barnFactories)('a stage commit: $name', (factory) => {
  let t: TestBarn
  let out: string
  beforeAll(async () => {
    t = await factory.open()
    out = path.join(t.home, 'out')
    await mkdir(out)
  })
  afterAll(() => t.cleanup())

  it('numbers versions without gaps when stages commit the same datasets at once, in any order', async () => {
    const { barn } = t
    const a = await barn.objects.put(Buffer.from('{"a":1}\n'))
    const b = await barn.objects.put(Buffer.from('{"b":1}\n'))
    const stages = await Promise.all(
      Array.from({ length: 6 }, (_, i) => runningStage(barn, `concurrent-${i}`)),
    )
    const committed = await Promise.all(
      stages.map((ids, i) =>
        barn.commits.commit({
          stageRunId: ids.stageRunId,
          // Half the stages name the datasets in the other order.
          versions:
            i % 2 === 0
              ? [version('gap.x', a.key, ids), version('gap.y', b.key, ids)]
              : [version('gap.y', b.key, ids), version('gap.x', a.key, ids)],
          files: [],
        }),
      ),
    )
    for (const name of ['gap.x', 'gap.y'])
      expect((await barn.datasets.versions(name)).map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6])
    // Each stage's versions are returned in the order it named them, from its own run.
    committed.forEach((versions, i) => {
      expect(versions.map((v) => v.name)).toEqual(
        i % 2 === 0 ? ['gap.x', 'gap.y'] : ['gap.y', 'gap.x'],
      )
      expect(new Set(versions.map((v) => v.stageRunId))).toEqual(new Set([stages[i]!.stageRunId]))
    })
    for (const s of stages)
      expect((await barn.stages.getStage(s.stageRunId)).status).toBe('succeeded')
  })

  it('is all or nothing: a cache entry that cannot be recorded leaves no version and the stage running', async () => {
    const { barn } = t
    const ids = await runningStage(barn, 'all-or-nothing')
    const [file] = await barn.commits.prepareFiles({ ...ids, targets: [path.join(out, 'n.jsonl')] })
    const key = (await barn.objects.put(Buffer.from('{"n":1}\n'))).key
    await writeFile(file!.temp, '{"n":1}\n')
    // The slice never succeeded: recording its cache entry fails inside the transaction.
    const parts = {
      nodeHash: 'sha256:n',
      code: {},
      contractHashes: [],
      inputs: {},
      params: {},
      runtime: {},
    }
    await expect(
      barn.commits.commit({
        stageRunId: ids.stageRunId,
        versions: [version('none.a', key, ids), version('files/out/n.jsonl', key, ids)],
        files: [{ id: file!.id, objectKey: key }],
        cache: { parts, sliceId: ids.sliceId },
      }),
    ).rejects.toMatchObject({ code: 'RUNINK_STORE_BAD_TRANSITION' })
    expect(await barn.datasets.writtenBy(ids.runId)).toEqual([])
    expect((await barn.stages.getStage(ids.stageRunId)).status).toBe('running')
    expect(await barn.cache.lookup(parts)).toBeUndefined()
    // Its file was never committed: rolling back removes it.
    await barn.commits.rollbackFiles(ids.stageRunId)
    expect(await readdir(out)).toEqual([])
  })

  it('refuses to commit a stage without one of its prepared file sinks', async () => {
    const { barn } = t
    const ids = await runningStage(barn, 'missing-file')
    await barn.commits.prepareFiles({ ...ids, targets: [path.join(out, 'm.jsonl')] })
    const key = (await barn.objects.put(Buffer.from('{"m":1}\n'))).key
    await expect(
      barn.commits.commit({
        stageRunId: ids.stageRunId,
        versions: [version('files/out/m.jsonl', key, ids)],
        files: [],
      }),
    ).rejects.toMatchObject({
      code: 'RUNINK_STORE_BAD_TRANSITION',
      message: expect.stringContaining('without its file sink'),
    })
    expect(await barn.datasets.writtenBy(ids.runId)).toEqual([])
    await barn.commits.rollbackFiles(ids.stageRunId)
  })

  it('keeps a committed file it could not rename, and the open after its run ended puts it in place', async () => {
    const ids = await runningStage(t.barn, 'rename-fails')
    const target = path.join(out, 'r.jsonl')
    const [file] = await t.barn.commits.prepareFiles({ ...ids, targets: [target] })
    const key = (await t.barn.objects.put(Buffer.from('{"r":1}\n'))).key
    await writeFile(file!.temp, '{"r":1}\n')
    await t.barn.commits.commit({
      stageRunId: ids.stageRunId,
      versions: [version('files/out/r.jsonl', key, ids)],
      files: [{ id: file!.id, objectKey: key }],
    })
    // Something took the target's name in between: a folder with a file in it.
    await mkdir(path.join(target, 'x'), { recursive: true })
    await expect(t.barn.commits.finishFiles(ids.stageRunId)).rejects.toMatchObject({
      code: 'RUNINK_STORE_FILE_COMMIT_PENDING',
      message: expect.stringContaining(target),
    })
    // While its run is running, an open leaves it alone.
    expect((await t.reopen()).recoveredFiles).toEqual([])
    await rm(target, { recursive: true })
    await t.barn.runs.finish(ids.runId, 'failed', { error: 'could not commit outputs' })
    const barn = await t.reopen()
    expect(barn.recoveredFiles).toEqual([{ runId: ids.runId, target, outcome: 'placed' }])
    expect(await readFile(target, 'utf8')).toBe('{"r":1}\n')
    expect((await t.reopen()).recoveredFiles).toEqual([])
  })
})
