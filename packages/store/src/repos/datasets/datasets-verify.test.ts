import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { BARN_DIR } from '../../barn.js'
import { barnFactories, type TestBarn } from '../../testing/barn-factories.js'

const drain = async (stream: AsyncIterable<unknown>): Promise<string> => {
  const chunks: Buffer[] = []
  for await (const c of stream) chunks.push(Buffer.from(c as Uint8Array))
  return Buffer.concat(chunks).toString()
}
const failureOf = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  )

describe.each(barnFactories)('dataset objects are verified on every read: $name', (factory) => {
  let t: TestBarn
  const gold = Buffer.from('{"desk":"rates","total":1200}\n{"desk":"fx","total":800}\n')
  let key: string
  const objectPath = (k: string): string =>
    join(t.home, BARN_DIR, 'objects', k.slice(0, 2), k.slice(2))
  beforeAll(async () => {
    t = await factory.open()
    const v = await t.barn.datasets.write(gold, {
      name: 'gold.totals',
      format: 'jsonl',
      recordCount: 2,
    })
    key = v.objectKey
    await t.barn.datasets.write(Buffer.from('{"x":1}\n'), {
      name: 'other',
      format: 'jsonl',
      recordCount: 1,
      herd: 'h2',
    })
  })
  afterAll(() => t.cleanup())

  it('a flipped byte fails the read naming the version, for the repo and the raw store alike', async () => {
    const bytes = await readFile(objectPath(key))
    bytes[bytes.indexOf('1200')] = '9'.charCodeAt(0) // 1200 → 9200: same size, wrong total
    await writeFile(objectPath(key), bytes)

    const { body } = await t.barn.datasets.read('dataset://gold.totals@1')
    expect(await failureOf(drain(body))).toMatchObject({
      code: 'RUNINK_STORE_OBJECT_CORRUPT',
      message: expect.stringMatching(
        new RegExp(`^dataset://gold\\.totals@1: object ${key} in the folder store is corrupt`),
      ),
    })
    // The engine reads objects by key: the error still names the dataset version.
    expect(await failureOf(drain(await t.barn.objects.get(key)))).toMatchObject({
      code: 'RUNINK_STORE_OBJECT_CORRUPT',
      message: expect.stringContaining('dataset://gold.totals@1: object'),
    })
  })

  it('verify reports each bad version with its herd; a clean herd reports none', async () => {
    const all = await t.barn.datasets.verify()
    expect(all.checked).toBe(2)
    expect(all.bad.map((b) => [b.version.ref, b.version.herd, b.check.state])).toEqual([
      ['dataset://gold.totals@1', 'default', 'corrupt'],
    ])
    expect((await t.barn.datasets.verify({ herd: 'h2' })).bad).toEqual([])
    expect(
      (await t.barn.datasets.verify({ herd: 'default', name: 'gold.totals', version: 1 })).bad,
    ).toHaveLength(1)
    await expect(t.barn.datasets.verify({ name: 'nope' })).rejects.toMatchObject({
      code: 'RUNINK_STORE_NOT_FOUND',
    })
  })

  it('writing the same bytes again repairs the object instead of keeping the tampered one', async () => {
    const v2 = await t.barn.datasets.write(gold, {
      name: 'gold.totals',
      format: 'jsonl',
      recordCount: 2,
    })
    expect(v2.objectKey).toBe(key)
    expect(await drain((await t.barn.datasets.read('dataset://gold.totals@1')).body)).toBe(
      gold.toString(),
    )
    expect((await t.barn.datasets.verify()).bad).toEqual([])
  })

  it('a deleted object is reported missing', async () => {
    const v = await t.barn.datasets.write(Buffer.from('gone\n'), {
      name: 'gone',
      format: 'jsonl',
      recordCount: 1,
    })
    await writeFile(objectPath(v.objectKey), '') // emptied: corrupt
    expect((await t.barn.datasets.verify({ name: 'gone' })).bad[0]?.check.state).toBe('corrupt')
    await rm(objectPath(v.objectKey))
    expect((await t.barn.datasets.verify({ name: 'gone' })).bad[0]?.check.state).toBe('missing')
  })
})
