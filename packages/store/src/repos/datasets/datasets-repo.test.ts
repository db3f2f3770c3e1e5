import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { createHash } from 'node:crypto'
import { barnFactories, type TestBarn } from '../../testing/barn-factories.js'

const text = async (stream: AsyncIterable<unknown>): Promise<string> => {
  const chunks: Buffer[] = []
  for await (const c of stream) chunks.push(Buffer.from(c as Uint8Array))
  return Buffer.concat(chunks).toString()
}

describe.each(barnFactories)('datasets, cache and logs: $name', (factory) => {
  let t: TestBarn
  beforeAll(async () => {
    t = await factory.open()
  })
  afterAll(() => t.cleanup())

  it('numbers versions 1, 2, 3 and resolves latest and pinned references', async () => {
    const v1 = await t.barn.datasets.write(Buffer.from('a\n'), {
      name: 'silver.trades',
      format: 'jsonl',
      recordCount: 1,
      contractHash: 'sha256:c1',
    })
    const v2 = await t.barn.datasets.write(Buffer.from('a\nb\n'), {
      name: 'silver.trades',
      format: 'jsonl',
      recordCount: 2,
    })
    expect([v1.version, v2.version]).toEqual([1, 2])
    expect(v1).toMatchObject({
      ref: 'dataset://silver.trades@1',
      size: 2,
      recordCount: 1,
      contractHash: 'sha256:c1',
      contentHash: `sha256:${createHash('sha256').update('a\n').digest('hex')}`,
    })
    expect((await t.barn.datasets.resolve('dataset://silver.trades')).id).toBe(v2.id)
    expect((await t.barn.datasets.resolve('silver.trades@1')).id).toBe(v1.id)
    expect(await text((await t.barn.datasets.read('dataset://silver.trades@1')).body)).toBe('a\n')
    await expect(t.barn.datasets.resolve('dataset://silver.trades@3')).rejects.toMatchObject({
      code: 'RUNINK_STORE_NOT_FOUND',
    })
    await expect(t.barn.datasets.resolve('dataset://silver.trades@0')).rejects.toMatchObject({
      code: 'RUNINK_STORE_BAD_REF',
    })
    expect((await t.barn.datasets.versions('silver.trades')).map((v) => v.version)).toEqual([1, 2])
    const listed = await t.barn.datasets.list()
    expect(listed.find((d) => d.name === 'silver.trades')).toMatchObject({
      versions: 2,
      latest: { version: 2 },
    })
  })

  it('gives concurrent publishers distinct, gapless version numbers', async () => {
    const versions = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.barn.datasets.write(Buffer.from(`row ${i}\n`), {
          name: 'race',
          format: 'jsonl',
          recordCount: 1,
        }),
      ),
    )
    expect(versions.map((v) => v.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
  })

  it('refuses a version whose object is not in the object store', async () => {
    await expect(
      t.barn.datasets.publish({
        name: 'ghost',
        objectKey: 'f'.repeat(64),
        format: 'jsonl',
        recordCount: 0,
      }),
    ).rejects.toMatchObject({ code: 'RUNINK_STORE_OBJECT_MISSING' })
    await expect(t.barn.datasets.resolve('ghost')).rejects.toMatchObject({
      code: 'RUNINK_STORE_NOT_FOUND',
    })
  })

  it('deletes an object only when no version points at it', async () => {
    const v = await t.barn.datasets.write(Buffer.from('kept\n'), {
      name: 'keep',
      format: 'jsonl',
      recordCount: 1,
    })
    await expect(t.barn.datasets.deleteObjectIfUnreferenced(v.objectKey)).rejects.toMatchObject({
      code: 'RUNINK_STORE_OBJECT_REFERENCED',
    })
    const loose = await t.barn.objects.put(Buffer.from('orphan'))
    expect(await t.barn.datasets.deleteObjectIfUnreferenced(loose.key)).toBe(true)
    expect(await t.barn.objects.has(loose.key)).toBe(false)
  })

  it('reuses the outputs of a succeeded slice when node, code, contracts and inputs match', async () => {
    const plan = await t.barn.plans.put({ cache: 1 }, { name: 'cache' })
    const { run } = await t.barn.runs.create({ planHash: plan.hash })
    const stage = await t.barn.stages.create({ runId: run.id, stage: 's', nodeHash: 'sha256:node' })
    const slice = await t.barn.stages.createSlice({ stageRunId: stage.id })
    const input = await t.barn.datasets.write(Buffer.from('in\n'), {
      name: 'cache.in',
      format: 'jsonl',
      recordCount: 1,
    })
    const parts = {
      nodeHash: 'sha256:node',
      code: { 'module:a.ts': 'sha256:a' },
      contractHashes: ['sha256:c2', 'sha256:c1'],
      inputs: { 'dataset://cache.in': `${input.contentHash} jsonl` },
      params: {},
      runtime: { engine: '0.1.0' },
    }
    await expect(t.barn.cache.record(parts, slice.id, [])).rejects.toMatchObject({
      code: 'RUNINK_STORE_BAD_TRANSITION',
    })
    await t.barn.stages.startSlice(slice.id, 'process')
    await t.barn.stages.finishSlice(slice.id, 'succeeded', { recordsIn: 1, recordsOut: 1 })
    const out = await t.barn.datasets.write(Buffer.from('out\n'), {
      name: 'cache.out',
      format: 'jsonl',
      recordCount: 1,
      runId: run.id,
    })
    const key = await t.barn.cache.record(parts, slice.id, [out.id])
    // The first record wins: recording the same key again changes nothing.
    await expect(t.barn.cache.record(parts, slice.id, [input.id])).resolves.toBe(key)
    const hit = await t.barn.cache.lookup({ ...parts, contractHashes: ['sha256:c1', 'sha256:c2'] })
    expect(hit?.sliceId).toBe(slice.id)
    expect(hit?.outputs.map((o) => o.id)).toEqual([out.id])
    expect(
      await t.barn.cache.lookup({ ...parts, code: { 'module:a.ts': 'sha256:changed' } }),
    ).toBeUndefined()
    expect(
      await t.barn.cache.lookup({ ...parts, inputs: { 'dataset://cache.in': 'sha256:other' } }),
    ).toBeUndefined()
    expect(await t.barn.cache.lookup({ ...parts, params: { tag: 'b' } })).toBeUndefined()
    expect(await t.barn.cache.lookup({ ...parts, runtime: { engine: '0.2.0' } })).toBeUndefined()
    // Bytes gone (e.g. removed by hand): a miss, never a pointer to nothing.
    await t.barn.objects.delete(out.objectKey)
    expect(await t.barn.cache.lookup(parts)).toBeUndefined()
  })

  it('appends logs per slice, reads from an offset, and follows until the slice ends', async () => {
    const plan = await t.barn.plans.put({ logs: 1 }, { name: 'logs' })
    const { run } = await t.barn.runs.create({ planHash: plan.hash })
    const stage = await t.barn.stages.create({ runId: run.id, stage: 's', nodeHash: 'sha256:l' })
    const slice = await t.barn.stages.createSlice({ stageRunId: stage.id })
    await t.barn.stages.startSlice(slice.id, 'none')
    expect(await t.barn.logs.append(slice.id, ['one', { stream: 'stderr', line: 'two' }])).toBe(2)
    const { lines, next } = await t.barn.logs.read(slice.id, 1)
    expect(lines.map((l) => [l.offset, l.stream, l.line])).toEqual([[1, 'stderr', 'two']])
    expect(next).toBe(2)
    const seen: string[] = []
    const following = (async () => {
      for await (const line of t.barn.logs.follow(slice.id, { from: 1, pollMs: 20 }))
        seen.push(line.line)
    })()
    await new Promise((r) => setTimeout(r, 60))
    await t.barn.logs.append(slice.id, ['three'])
    await new Promise((r) => setTimeout(r, 60))
    await t.barn.logs.append(slice.id, ['four'])
    await t.barn.stages.finishSlice(slice.id, 'succeeded')
    await following
    expect(seen).toEqual(['two', 'three', 'four'])
  })
})
