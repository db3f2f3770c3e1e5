import { mkdtemp, readFile, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { eachRecord, type DataRecord, type RecordBatches } from './record-batch.js'
import { readRecords, type FileFormat } from './read-records.js'
import { openFileSink } from './open-file-sink.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'runink-sink-'))
})

async function all(batches: RecordBatches): Promise<DataRecord[]> {
  const out: DataRecord[] = []
  for await (const r of eachRecord(batches)) out.push(r)
  return out
}

const tricky = ['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf', 'ünïcødé ✓ 日本', '', ' pad ']

/** N records with every kind of value, all keys present in every record. */
function sample(n: number): DataRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    id: i,
    name: tricky[i % tricky.length],
    price: i * 1.25 - 3,
    ok: i % 3 === 0,
    note: i % 4 === 0 ? null : `n${i}`,
    nested: { tags: ['x', String(i)], depth: { k: i } },
  }))
}

async function writeAll(file: string, format: FileFormat, records: DataRecord[], size = 7) {
  const sink = await openFileSink(file, format)
  for (let i = 0; i < records.length; i += size) await sink.write(records.slice(i, i + size))
  return sink.finish()
}

describe('file sinks', () => {
  const records = sample(100)

  it.each(['jsonl', 'json', 'parquet'] as const)('%s round-trips typed records', async (format) => {
    const file = join(dir, `rt.${format}`)
    const result = await writeAll(file, format, records)
    expect(await all(readRecords(file))).toEqual(records)
    const bytes = await readFile(file)
    expect(result).toEqual({
      path: file,
      format,
      records: 100,
      bytes: bytes.length,
    })
  })

  it('csv round-trips the string forms, with a header, nested values as JSON', async () => {
    const file = join(dir, 'rt.csv')
    const result = await writeAll(file, 'csv', records)
    const back = await all(readRecords(file))
    expect(back).toEqual(
      records.map((r) => ({
        id: String(r.id),
        name: r.name,
        price: String(r.price),
        ok: String(r.ok),
        note: r.note ?? '',
        nested: JSON.stringify(r.nested),
      })),
    )
    const bytes = await readFile(file)
    expect(bytes.toString('utf8').split('\n')[0]).toBe('id,name,price,ok,note,nested')
    expect(result.bytes).toBe(bytes.length)
  })

  it('csv takes the given column order and rejects a field outside it', async () => {
    const file = join(dir, 'cols.csv')
    const sink = await openFileSink(file, 'csv', { columns: ['b', 'a'] })
    await sink.write([{ a: 1, b: 2 }, { a: 3 }])
    await sink.finish()
    expect(await readFile(file, 'utf8')).toBe('b,a\n2,1\n,3\n')
    const bad = await openFileSink(join(dir, 'bad.csv'), 'csv')
    await bad.write([{ a: 1 }])
    await expect(bad.write([{ a: 2, z: 1 }])).rejects.toThrow(/record 2 has field 'z'/)
    await bad.abort()
  })

  it('writes valid empty files', async () => {
    for (const format of ['csv', 'jsonl', 'json', 'parquet'] as const) {
      const file = join(dir, `empty.${format}`)
      const result = await (await openFileSink(file, format, { columns: ['a'] })).finish()
      expect(result.records).toBe(0)
      expect(await all(readRecords(file))).toEqual([])
      expect(result.bytes).toBe((await readFile(file)).length)
    }
    expect(await readFile(join(dir, 'empty.csv'), 'utf8')).toBe('a\n')
  })

  it('abort removes the partial file', async () => {
    for (const format of ['csv', 'jsonl', 'json', 'parquet'] as const) {
      const sub = await mkdtemp(join(dir, 'abort-'))
      const sink = await openFileSink(join(sub, 'out'), format, { rowGroupSize: 10 })
      await sink.write(sample(25))
      await sink.abort()
      expect(await readdir(sub)).toEqual([])
      await expect(sink.write(sample(1))).rejects.toThrow(/already aborted/)
    }
  })
})

describe('parquet sink', () => {
  it('writes several row groups and the source streams them back group by group', async () => {
    const file = join(dir, 'groups.parquet')
    const records = sample(2_500)
    const sink = await openFileSink(file, 'parquet', { rowGroupSize: 1000 })
    for (let i = 0; i < records.length; i += 300) await sink.write(records.slice(i, i + 300))
    const result = await sink.finish()
    expect(result.records).toBe(2_500)
    const sizes: number[] = []
    const back: DataRecord[] = []
    for await (const batch of readRecords(file)) {
      sizes.push(batch.length)
      back.push(...batch)
    }
    expect(sizes).toEqual([1000, 1000, 500])
    expect(back).toEqual(records)
  })

  it('honours declared column types and converts values into them', async () => {
    const file = join(dir, 'typed.parquet')
    const sink = await openFileSink(file, 'parquet', {
      types: { id: 'int', at: 'timestamp', flag: 'bool', n: 'float', big: 'int' },
    })
    await sink.write([
      { id: '7', at: '2024-01-02T03:04:05.678Z', flag: 'true', n: '1.5', big: 2n ** 60n, any: [1] },
      { id: 8, at: new Date(0), flag: false, n: 2, big: null, any: 'text' },
    ])
    await sink.finish()
    expect(await all(readRecords(file))).toEqual([
      {
        id: 7,
        at: '2024-01-02T03:04:05.678Z',
        flag: true,
        n: 1.5,
        big: '1152921504606846976',
        any: [1],
      },
      { id: 8, at: '1970-01-01T00:00:00.000Z', flag: false, n: 2, big: null, any: 'text' },
    ])
  })

  it('fails clearly when a value does not fit its column', async () => {
    const sink = await openFileSink(join(dir, 'misfit.parquet'), 'parquet', {
      types: { id: 'int' },
      rowGroupSize: 2,
    })
    await expect(sink.write([{ id: 1 }, { id: 'x' }])).rejects.toThrow(
      /record 2: field 'id' value "x" does not fit column type 'int'/,
    )
    await sink.abort()
  })
})
