import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasInvalidAsRead, invalidAsRead } from './invalid-as-read.js'
import type { DataRecord } from './record-batch.js'
import { readRecords } from './read-records.js'
import { MAX_RECORD_DEPTH } from './record-depth.js'
import { INVALID_UTF8, Utf8Text } from './utf8-text.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'runink-bytes-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function file(name: string, bytes: Buffer): Promise<string> {
  const p = path.join(dir, name)
  await writeFile(p, bytes)
  return p
}

async function readAll(p: string): Promise<{ records: DataRecord[]; flagged: number }> {
  const records: DataRecord[] = []
  let flagged = 0
  for await (const batch of readRecords(p)) {
    if (hasInvalidAsRead(batch)) flagged++
    records.push(...batch)
  }
  return { records, flagged }
}

const bytes = (...parts: Array<string | number[]>): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))))

describe('Utf8Text', () => {
  it('decodes valid UTF-8 split anywhere across chunks exactly as Buffer does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.nat(), (s, seed) => {
        const buf = Buffer.from(s)
        const cut = buf.length === 0 ? 0 : seed % buf.length
        const d = new Utf8Text()
        const text = d.write(buf.subarray(0, cut)) + d.write(buf.subarray(cut)) + d.end()
        expect(text).toBe(s)
        expect(d.hasInvalid).toBe(false)
      }),
    )
  })

  it('marks each run of invalid bytes once, with its file offset, across chunks', () => {
    const d = new Utf8Text()
    // "a" FF FE "b" | E2 82 (cut, then) AC = "€" | C3 "(" : C3 without its continuation byte
    const text =
      d.write(bytes('a', [0xff, 0xfe], 'b', [0xe2, 0x82])) +
      d.write(bytes([0xac], [0xc3], '(')) +
      d.end()
    expect(text).toBe(`a${INVALID_UTF8}b€${INVALID_UTF8}(`)
    expect([d.nextOffset(), d.nextOffset()]).toEqual([1, 7])
    expect(d.hasInvalid).toBe(false)
  })

  it('treats overlong forms, encoded surrogates and a sequence cut by the end of file as invalid', () => {
    const d = new Utf8Text()
    const text = d.write(bytes([0xc0, 0xaf], 'x', [0xed, 0xa0, 0x80], 'y', [0xf0, 0x9f])) + d.end()
    expect(text).toBe(`${INVALID_UTF8}x${INVALID_UTF8}y${INVALID_UTF8}`)
    expect([d.nextOffset(), d.nextOffset(), d.nextOffset()]).toEqual([0, 3, 7])
  })
})

describe('records with invalid UTF-8 are invalid as read, never silently replaced', () => {
  it('CSV: the record, field and byte offset; U+FFFD in the value; other records untouched', async () => {
    const p = await file('bad.csv', bytes('id,name\n1,ann\n2,b', [0xff], 'b\n3,\uFFFD ok\n'))
    const { records, flagged } = await readAll(p)
    expect(flagged).toBe(1)
    expect(records).toEqual([
      { id: '1', name: 'ann' },
      { id: '2', name: 'b\uFFFDb' },
      { id: '3', name: '\uFFFD ok' },
    ])
    expect(invalidAsRead(records[0] as DataRecord)).toBeUndefined()
    expect(invalidAsRead(records[2] as DataRecord)).toBeUndefined()
    expect(invalidAsRead(records[1] as DataRecord)).toEqual([
      {
        path: 'name',
        rule: 'encoding',
        expected: 'UTF-8',
        actual: null,
        message: 'name: invalid UTF-8 at byte offset 17 (record 2)',
      },
    ])
  })

  it('CSV: invalid bytes in the header fail the source with the offset', async () => {
    const p = await file('head.csv', bytes('id,na', [0xfe], 'me\n1,a\n'))
    await expect(readAll(p)).rejects.toMatchObject({
      code: 'RUNINK_SOURCE_MALFORMED',
      message: expect.stringContaining('the header has invalid UTF-8 at byte offset 5') as unknown,
    })
  })

  it('CSV: offsets stay right over many chunks', async () => {
    const row = 'x,' + 'y'.repeat(1000) + '\n'
    const head = 'a,b\n' + row.repeat(200)
    const p = await file('long.csv', bytes(head, 'x,', [0x80], '\n', row))
    const { records } = await readAll(p)
    const bad = records.filter((r) => invalidAsRead(r) !== undefined)
    expect(bad).toHaveLength(1)
    expect(invalidAsRead(bad[0] as DataRecord)?.[0]?.message).toBe(
      `b: invalid UTF-8 at byte offset ${Buffer.byteLength(head) + 2} (record 201)`,
    )
  })

  it('JSONL: the line and field, or the whole record when the bytes broke the JSON', async () => {
    const p = await file(
      'bad.jsonl',
      bytes(
        '{"id":1,"name":"ann"}\n{"id":2,"name":"b',
        [0xc3],
        'b","tags":["',
        [0xff],
        '"]}\n{"id":3',
        [0xff],
        '}\n',
      ),
    )
    const { records } = await readAll(p)
    expect(records[0]).toEqual({ id: 1, name: 'ann' })
    expect(records[1]).toEqual({ id: 2, name: 'b\uFFFDb', tags: ['\uFFFD'] })
    expect(invalidAsRead(records[1] as DataRecord)?.map((e) => e.message)).toEqual([
      'name: invalid UTF-8 at byte offset 39 (line 2)',
      'tags: invalid UTF-8 at byte offset 52 (line 2)',
    ])
    expect(records[2]).toEqual({})
    expect(invalidAsRead(records[2] as DataRecord)?.[0]?.message).toBe(
      'invalid UTF-8 at byte offset 64 (line 3, not a JSON object once decoded)',
    )
  })

  it('JSON: the element and field', async () => {
    const p = await file('bad.json', bytes('[{"id":1},{"id":2,"n":"', [0xff], '"},{"id":3}]'))
    const { records } = await readAll(p)
    expect(records).toEqual([{ id: 1 }, { id: 2, n: '\uFFFD' }, { id: 3 }])
    expect(invalidAsRead(records[1] as DataRecord)?.[0]?.message).toBe(
      'n: invalid UTF-8 at byte offset 23 (element 1)',
    )
  })
})

describe('records nested deeper than the limit are invalid as read, not a stack overflow', () => {
  const deep = (n: number): string => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`

  it('JSONL: a record 100k deep is one invalid record with its line and column', async () => {
    const p = await file('deep.jsonl', bytes(`{"id":1}\n${deep(100_000)}\n{"id":3}\n`))
    const { records } = await readAll(p)
    expect(records.map((r) => invalidAsRead(r)?.[0]?.rule)).toEqual([undefined, 'depth', undefined])
    expect(invalidAsRead(records[1] as DataRecord)?.[0]?.message).toBe(
      `the record nests deeper than ${MAX_RECORD_DEPTH} levels (line 2, column ${MAX_RECORD_DEPTH * 5 + 1})`,
    )
    expect(() => JSON.stringify(records)).not.toThrow()
  })

  it('JSON: an element 100k deep is one invalid record; a record at the limit is read as is', async () => {
    const p = await file('deep.json', bytes(`[${deep(MAX_RECORD_DEPTH)},${deep(100_000)}]`))
    const { records } = await readAll(p)
    expect(invalidAsRead(records[0] as DataRecord)).toBeUndefined()
    expect(invalidAsRead(records[1] as DataRecord)?.[0]).toMatchObject({ rule: 'depth', path: '' })
    expect(() => JSON.stringify(records)).not.toThrow()
  })
})
