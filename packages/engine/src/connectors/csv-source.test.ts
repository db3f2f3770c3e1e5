import { rm, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readCsv } from './csv-source.js'

let dir: string
let n = 0
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'runink-csv-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function csvFile(text: string): Promise<string> {
  const p = path.join(dir, `f${++n}.csv`)
  await writeFile(p, text)
  return p
}

async function read(text: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = []
  for await (const batch of readCsv(await csvFile(text))) out.push(...batch)
  return out
}

/** What csv-parse itself gives with header columns: the records readCsv must equal. */
function reference(text: string): Record<string, unknown>[] {
  return parse(text, {
    columns: (header: string[]) => header.map((h) => h.trim()),
    bom: true,
    skip_empty_lines: true,
  }) as Record<string, unknown>[]
}

describe('readCsv', () => {
  it('reads quoted fields with commas, doubled quotes, embedded LF and CRLF, in CRLF files', async () => {
    const text = 'id,note,who\r\n1,"a, b","say ""hi"""\r\n2,"two\nlines","x\r\ny"\r\n\r\n3,,z\r\n'
    const records = await read(text)
    expect(records).toEqual([
      { id: '1', note: 'a, b', who: 'say "hi"' },
      { id: '2', note: 'two\nlines', who: 'x\r\ny' },
      { id: '3', note: '', who: 'z' },
    ])
    expect(records).toEqual(reference(text))
  })

  it('names the line of a malformed record, counting embedded newlines', async () => {
    await expect(read('id,name\n1,"a\nb"\n2,b,extra\n')).rejects.toThrow(
      /f\d+\.csv:4: this record has 3 field\(s\), the header has 2$/,
    )
    await expect(read('id,name\r\n\r\n1,"a\r\nb"\r\n2\r\n')).rejects.toThrow(
      /f\d+\.csv:5: this record has 1 field\(s\), the header has 2$/,
    )
    await expect(read('id,name\n1,"a"b\n')).rejects.toThrow(
      /f\d+\.csv:2: a quoted field has text between its closing quote/,
    )
    await expect(read('id,name\n1,"open\n')).rejects.toMatchObject({
      code: 'RUNINK_SOURCE_MALFORMED',
      details: { line: 2 },
    })
  })

  it('reads rows that straddle its 64 KiB chunks as csv-parse does, and places problems by line', async () => {
    // ~1 MB: quoted fields with delimiters, doubled quotes and line breaks land on chunk edges.
    const rows = Array.from({ length: 12_000 }, (_, i) =>
      i % 7 === 0
        ? `${i},"note ${i}, ""quoted""\r\nsecond line",x${i} `
        : `${i},plain ${i},"y${i}"`,
    )
    const text = `id,note,tag\r\n${rows.join('\r\n')}\r\n`
    expect(await read(text)).toEqual(reference(text))
    // The bad row's line counts the header and every embedded line break before it.
    const bad = 9_000
    const broken = [...rows.slice(0, bad), '1,2', ...rows.slice(bad)]
    const line = 2 + bad + rows.slice(0, bad).filter((_, i) => i % 7 === 0).length
    await expect(read(`id,note,tag\r\n${broken.join('\r\n')}\r\n`)).rejects.toMatchObject({
      details: { line },
    })
    await expect(
      read(`id,note,tag\n${rows.slice(0, 5000).join('\n')}\n5000,"open,z\n`),
    ).rejects.toThrow(/a quoted field is never closed/)
  })

  it('keeps header names like __proto__ as own data and never sets a prototype', async () => {
    const [record] = await read('__proto__,constructor,id\n{},c,1\n')
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype)
    expect(Object.keys(record ?? {})).toEqual(['__proto__', 'constructor', 'id'])
    expect(Object.getOwnPropertyDescriptor(record, '__proto__')?.value).toBe('{}')
  })

  it('keeps the last value of a repeated column, at its first position', async () => {
    const text = 'a,b,a\n1,2,3\n'
    const records = await read(text)
    expect(records).toEqual([{ a: '3', b: '2' }])
    expect(Object.keys(records[0] ?? {})).toEqual(['a', 'b'])
    expect(records).toEqual(reference(text))
  })

  it('keeps a "" row of a one-column file as an empty value, and skips empty lines', async () => {
    expect(await read('a\n""\n\nx\n""\r\n\n""\n')).toEqual([
      { a: '' },
      { a: 'x' },
      { a: '' },
      { a: '' },
    ])
  })

  it('refuses an empty file (no header) and gives no records for a header alone', async () => {
    await expect(read('')).rejects.toMatchObject({ code: 'RUNINK_SOURCE_EMPTY' })
    expect(await read('\uFEFFid,name\r\n')).toEqual([])
  })

  it('reads files that mix CRLF and LF row ends, never leaving a stray ending in a value', async () => {
    // csv-parse (and this reader before) took "1\n2" for one value of a CRLF file.
    expect(await read('id\r\n1\n2\r\n3\r\n')).toEqual([{ id: '1' }, { id: '2' }, { id: '3' }])
    expect(await read('id,name\n1,a\r\n2,b\n')).toEqual([
      { id: '1', name: 'a' },
      { id: '2', name: 'b' },
    ])
    // Line breaks inside quoted fields are data, whatever the file's row ends, with any delimiter.
    const text = 'id;note\r\n1;"x\ny"\n2;"p\r\nq"\r\n"3";"say ""a\nb"""\n4;a"b\n'
    for (const delimiter of [';', '<>']) {
      const out: Record<string, unknown>[] = []
      const file = await csvFile(text.replaceAll(';', delimiter))
      for await (const batch of readCsv(file, { delimiter })) out.push(...batch)
      expect(out).toEqual([
        { id: '1', note: 'x\ny' },
        { id: '2', note: 'p\r\nq' },
        { id: '3', note: 'say "a\nb"' },
        { id: '4', note: 'a"b' },
      ])
    }
    // Problems still name the line a row starts on.
    await expect(read('id,name\r\n1,a\n2,b,c\r\n')).rejects.toThrow(
      /f\d+\.csv:3: this record has 3 field\(s\), the header has 2$/,
    )
  })

  it('reads mixed row ends the same across its 64 KiB chunks', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i},"v\n${i}"`)
    const text = 'n,v\r\n' + rows.map((r, i) => r + (i % 3 === 0 ? '\n' : '\r\n')).join('')
    const records = await read(text)
    expect(records).toHaveLength(20_000)
    expect(records[19_999]).toEqual({ n: '19999', v: 'v\n19999' })
    expect(records.every((r, i) => r.n === String(i))).toBe(true)
  })

  it('reads a table with any mix of CRLF and LF row ends as its CRLF or LF twin', async () => {
    const cell = fc.string({ unit: fc.constantFrom('a', '1', ' ', ',', '"', '\n', '\r', 'é') })
    const table = fc
      .integer({ min: 1, max: 3 })
      .chain((cols) =>
        fc.tuple(
          fc.array(fc.stringMatching(/^[a-z]{1,4}$/), { minLength: cols, maxLength: cols }),
          fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { maxLength: 6 }),
          fc.array(fc.constantFrom('\n', '\r\n'), { minLength: 7, maxLength: 7 }),
        ),
      )
    const quote = (v: string): string =>
      /[",\r\n]|^ | $|^$/.test(v) ? `"${v.replaceAll('"', '""')}"` : v
    await fc.assert(
      fc.asyncProperty(table, async ([header, rows, ends]) => {
        const lines = [header, ...rows].map((r) => r.map(quote).join(','))
        const mixed = lines.map((l, i) => l + ends[i]!).join('')
        const uniform = lines.map((l) => l + ends[0]!).join('')
        expect(await read(mixed)).toEqual(reference(uniform))
      }),
      { numRuns: 150 },
    )
  })

  it('reads any CSV exactly as csv-parse does with header columns', async () => {
    const cell = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'Z', '1', ' ', ',', '"', '\n', '\r', 'é', '😀') }),
      fc.constant(''),
    )
    const table = fc.integer({ min: 1, max: 4 }).chain((cols) =>
      fc.tuple(
        fc.array(fc.stringMatching(/^[a-z_]{1,6}$/), { minLength: cols, maxLength: cols }),
        // Now and then a row of the wrong length: both must fail on the same line, alike.
        fc.array(fc.array(cell, { minLength: cols, maxLength: cols + (cols % 2) }), {
          maxLength: 6,
        }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
      ),
    )
    const quote = (v: string): string =>
      /[",\r\n]|^ | $/.test(v) ? `"${v.replaceAll('"', '""')}"` : v
    await fc.assert(
      fc.asyncProperty(table, async ([header, rows, eol, bom]) => {
        const lines = [header, ...rows].map((r) => r.map(quote).join(','))
        const text = (bom ? '\uFEFF' : '') + lines.join(eol) + eol
        let expected: Record<string, unknown>[] | Error
        try {
          expected = reference(text)
        } catch (error) {
          expected = error as Error
        }
        if (expected instanceof Error) {
          // csv-parse names the line a bad record ends on, this reader the line it starts on.
          const rowLine = (i: number): number =>
            1 +
            lines
              .slice(0, i + 1)
              .join(eol)
              .split('\n').length
          const bad = rows.findIndex((r) => r.length !== header.length)
          await expect(read(text)).rejects.toMatchObject({
            code: 'RUNINK_SOURCE_MALFORMED',
            details: { line: rowLine(bad) },
          })
        } else {
          expect(await read(text)).toEqual(expected)
        }
      }),
      { numRuns: 150 },
    )
  })
})
