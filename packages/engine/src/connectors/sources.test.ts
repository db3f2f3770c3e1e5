import { rm, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eachRecord, type RecordBatches } from './record-batch.js'
import { readRecords } from './read-records.js'

let dir: string
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'runink-src-'))
})

async function all(batches: RecordBatches): Promise<unknown[]> {
  const out: unknown[] = []
  for await (const r of eachRecord(batches)) out.push(r)
  return out
}

async function file(name: string, text: string): Promise<string> {
  const p = path.join(dir, name)
  await writeFile(p, text)
  return p
}

describe('record sources', () => {
  it('reads CSV with a header as string records, quotes and BOM handled', async () => {
    const p = await file('a.csv', '\uFEFFid, name\n1,"Smith, J"\n2,"say ""hi"""\n')
    expect(await all(readRecords(p))).toEqual([
      { id: '1', name: 'Smith, J' },
      { id: '2', name: 'say "hi"' },
    ])
  })
  it('reports malformed CSV with file and line', async () => {
    const p = await file('bad.csv', 'id,name\n1,a\n2,b,extra\n')
    await expect(all(readRecords(p))).rejects.toThrow(/bad\.csv:3/)
  })
  it('reads JSONL, skipping blank lines, and names the bad line', async () => {
    const good = await file('a.jsonl', '{"a":1}\n\n{"a":2}')
    expect(await all(readRecords(good))).toEqual([{ a: 1 }, { a: 2 }])
    const bad = await file('b.jsonl', '{"a":1}\n{"a":\n')
    await expect(all(readRecords(bad))).rejects.toThrow(/b\.jsonl:2: not valid JSON/)
    const notObject = await file('c.jsonl', '[1]\n')
    await expect(all(readRecords(notObject))).rejects.toThrow(
      /c\.jsonl:1: a record must be a JSON object/,
    )
  })
  it('reads a JSON array of records', async () => {
    const p = await file('a.json', '[{"a":1},{"a":2}]')
    expect(await all(readRecords(p))).toEqual([{ a: 1 }, { a: 2 }])
  })
  it('says clearly when a file is missing or a format unknown', async () => {
    await expect(all(readRecords(path.join(dir, 'none.csv')))).rejects.toThrow(
      /none\.csv: no such file/,
    )
    expect(() => readRecords(path.join(dir, 'x.txt'))).toThrow(/cannot read this format/)
  })
  it('streams large CSV in several batches', async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => `${i},name-${i}`).join('\n')
    const p = await file('big.csv', `id,name\n${rows}\n`)
    let batches = 0
    let records = 0
    for await (const b of readRecords(p)) {
      batches++
      records += b.length
    }
    expect(records).toBe(50_000)
    expect(batches).toBeGreaterThan(1)
  })
})
