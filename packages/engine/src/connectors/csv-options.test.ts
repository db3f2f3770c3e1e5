import { rm, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eachRecord, type RecordBatches } from './record-batch.js'
import { readRecords } from './read-records.js'
import { openFileSink } from './open-file-sink.js'
import { mergedSinkOptions } from './csv-header.js'
import { readFile } from 'node:fs/promises'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'runink-csvopt-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function file(name: string, text: string): Promise<string> {
  const p = path.join(dir, name)
  await writeFile(p, text)
  return p
}

async function all(batches: RecordBatches): Promise<unknown[]> {
  const out: unknown[] = []
  for await (const r of eachRecord(batches)) out.push(r)
  return out
}

describe('CSV options', () => {
  it('a .tsv file read as CSV splits on tabs; commas stay inside fields', async () => {
    const p = await file('t.tsv', 'id\tnote\n1\ta, b\n2\t"x\ty"\n')
    expect(await all(readRecords(p, 'csv'))).toEqual([
      { id: '1', note: 'a, b' },
      { id: '2', note: 'x\ty' },
    ])
  })

  it('takes an explicit delimiter, whatever the extension', async () => {
    const p = await file('semi.csv', 'id;price\n1;2,50\n')
    expect(await all(readRecords(p, 'csv', { delimiter: ';' }))).toEqual([
      { id: '1', price: '2,50' },
    ])
    const tabs = await file('tabs.csv', 'id\tprice\n1\t2\n')
    expect(await all(readRecords(tabs, 'csv', { delimiter: '\t' }))).toEqual([
      { id: '1', price: '2' },
    ])
  })

  it('reads null markers as empty fields, exactly (not as substrings, not case-folded)', async () => {
    const p = await file('na.csv', 'id,score,who\n1,NA,null\n2,NAN,"NA"\n3,na,nullish\n')
    expect(await all(readRecords(p, 'csv', { nulls: ['NA', 'null'] }))).toEqual([
      { id: '1', score: '', who: '' },
      { id: '2', score: 'NAN', who: '' },
      { id: '3', score: 'na', who: 'nullish' },
    ])
  })
})

describe('empty inputs', () => {
  it('a 0-byte or blank CSV has no header: RUNINK_SOURCE_EMPTY; a header alone is 0 records', async () => {
    for (const text of ['', '\n\n', '\uFEFF']) {
      const p = await file('empty.csv', text)
      await expect(all(readRecords(p))).rejects.toMatchObject({
        code: 'RUNINK_SOURCE_EMPTY',
        message: `${p}: empty file, no header`,
      })
    }
    expect(await all(readRecords(await file('head.csv', 'id,price\n')))).toEqual([])
    expect(await all(readRecords(await file('head-only.csv', 'id,price')))).toEqual([])
  })

  it('a 0-byte JSON or Parquet file is RUNINK_SOURCE_EMPTY; a 0-byte JSONL file is 0 records', async () => {
    await expect(all(readRecords(await file('e.json', '')))).rejects.toMatchObject({
      code: 'RUNINK_SOURCE_EMPTY',
      message: expect.stringMatching(/e\.json: empty file, not a JSON array/) as unknown,
    })
    await expect(all(readRecords(await file('e.parquet', '')))).rejects.toMatchObject({
      code: 'RUNINK_SOURCE_EMPTY',
      message: expect.stringMatching(/e\.parquet: empty file, not Parquet/) as unknown,
    })
    expect(await all(readRecords(await file('e.jsonl', '')))).toEqual([])
    expect(await all(readRecords(await file('e2.json', '[]')))).toEqual([])
  })
})

describe('empty CSV outputs', () => {
  it('a CSV sink with no record writes the header it is given, read back as 0 records', async () => {
    const p = path.join(dir, 'out-empty.csv')
    const sink = await openFileSink(p, 'csv', { emptyColumns: ['id', 'price'] })
    await sink.finish()
    expect(await readFile(p, 'utf8')).toBe('id,price\n')
    expect(await all(readRecords(p))).toEqual([])
    const bare = path.join(dir, 'out-bare.csv')
    const plain = await openFileSink(bare, 'csv')
    await plain.finish()
    expect(await readFile(bare, 'utf8')).toBe('')
  })

  it('merging parts takes the header of the first part that has one', async () => {
    const empty = await file('p0.csv', '')
    const headed = await file('p1.csv', 'id,x\n')
    expect(await mergedSinkOptions([empty, headed], 'csv')).toEqual({ emptyColumns: ['id', 'x'] })
    expect(await mergedSinkOptions([empty], 'csv')).toEqual({})
    expect(await mergedSinkOptions([headed], 'jsonl')).toEqual({})
  })
})
