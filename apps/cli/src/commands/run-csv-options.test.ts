import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '@runink/testing'
import { runCliWith } from '../testing/run-cli.js'

// CSV options and empty inputs through `runi run`: the feature file's source options reach the
// slice's reader, the contract's input_format its validator, in a real sandbox.

let db: TestDatabase
let dir: string
let state: string

const CONTRACT = `contract: trade
version: 1.0.0
fields:
  id: { type: int, required: true }
  price: { type: decimal, nullable: true }
  traded_at: { type: timestamp, required: true, input_format: "dd/MM/yyyy HH:mm" }
`

beforeAll(async () => {
  db = await createTestDatabase()
  dir = await mkdtemp(path.join(tmpdir(), 'runink-csv-run-'))
  state = await mkdtemp(path.join(tmpdir(), 'runink-csv-state-'))
  // Slices run as another account, which must reach the project (mkdtemp makes it 0700).
  await chmod(dir, 0o755)
  await mkdir(path.join(dir, 'data'), { mode: 0o755 })
  await writeFile(path.join(dir, 'trade.yaml'), CONTRACT)
})
afterAll(async () => {
  await db.drop()
  await rm(dir, { recursive: true, force: true })
  await rm(state, { recursive: true, force: true })
})

const runi = (...argv: string[]) =>
  runCliWith({ cwd: dir, env: { RUNINK_DATABASE_URL: db.url, XDG_STATE_HOME: state } }, ...argv)

async function feature(name: string, scenario: string): Promise<string> {
  const file = `${name}.dsl`
  await writeFile(
    path.join(dir, file),
    `@feature(name="${name}")\n@contract(path="trade.yaml")\n\nFeature: ${name}\n\nScenario: ${name}\n${scenario}  Given the contract: trade\n`,
  )
  return file
}

const jsonl = async (file: string): Promise<unknown[]> =>
  (await readFile(path.join(dir, file), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as unknown)

describe('CSV sources in a run', () => {
  it('reads a TSV with null markers and day-first timestamps', async () => {
    await writeFile(
      path.join(dir, 'data', 'trades.tsv'),
      'id\tprice\ttraded_at\n1\t2.5\t07/12/2026 18:05\n2\tNA\t08/12/2026 09:00\n3\tnull\t31/01/2026 00:30\n',
    )
    const file = await feature(
      'tsv',
      '  @source("csv://data/trades.tsv", null="NA,null")\n  @sink("jsonl://out/tsv.jsonl")\n',
    )
    const r = await runi('run', file)
    expect(r.stdout).not.toMatch(/failed/)
    expect(r.code).toBe(0)
    expect(await jsonl('out/tsv.jsonl')).toEqual([
      { id: 1, price: 2.5, traded_at: '2026-12-07T18:05:00.000Z' },
      { id: 2, price: null, traded_at: '2026-12-08T09:00:00.000Z' },
      { id: 3, price: null, traded_at: '2026-01-31T00:30:00.000Z' },
    ])
  })

  it('takes delimiter= on a .csv file', async () => {
    await writeFile(
      path.join(dir, 'data', 'semi.csv'),
      'id;price;traded_at\n1;3;01/02/2026 10:00\n',
    )
    const file = await feature(
      'semi',
      '  @source("csv://data/semi.csv", delimiter=";")\n  @sink("jsonl://out/semi.jsonl")\n',
    )
    expect((await runi('run', file)).code).toBe(0)
    expect(await jsonl('out/semi.jsonl')).toEqual([
      { id: 1, price: 3, traded_at: '2026-02-01T10:00:00.000Z' },
    ])
  })

  it('a sql step over a header-only CSV sees the contract columns: 0 rows, no error', async () => {
    await writeFile(path.join(dir, 'data', 'head.csv'), 'id,price,traded_at\n')
    const file = await feature(
      'head',
      '  @source("csv://data/head.csv")\n  @step("sql", query="SELECT id, price * 2 AS price, traded_at FROM input")\n  @sink("jsonl://out/head.jsonl")\n',
    )
    const r = await runi('run', file)
    expect(r.stderr).not.toMatch(/not found in FROM clause/)
    expect(r.code).toBe(0)
    expect(await jsonl('out/head.jsonl')).toEqual([])
  })

  it('a 0-byte CSV fails the stage: empty file, no header', async () => {
    await writeFile(path.join(dir, 'data', 'zero.csv'), '')
    const file = await feature(
      'zero',
      '  @source("csv://data/zero.csv")\n  @sink("jsonl://out/zero.jsonl")\n',
    )
    const r = await runi('run', file)
    expect(r.code).not.toBe(0)
    expect(r.stdout + r.stderr).toMatch(/zero\.csv: empty file, no header/)
  })

  it('an empty CSV output keeps its header, so a later run reads it as 0 records', async () => {
    await writeFile(path.join(dir, 'data', 'none.csv'), 'id,price,traded_at\n')
    const first = await feature(
      'none',
      '  @source("csv://data/none.csv")\n  @sink("csv://out/none.csv")\n',
    )
    expect((await runi('run', first)).code).toBe(0)
    expect(await readFile(path.join(dir, 'out', 'none.csv'), 'utf8')).toBe('id,price,traded_at\n')
    const second = await feature(
      'again',
      '  @source("csv://out/none.csv")\n  @sink("jsonl://out/again.jsonl")\n',
    )
    const r = await runi('run', second)
    expect(r.stdout).not.toMatch(/empty file/)
    expect(r.code).toBe(0)
  })

  it('a partitioned stage whose CSV dead-letter parts are empty commits them', async () => {
    await writeFile(
      path.join(dir, 'data', 'many.csv'),
      'id,price,traded_at\n' +
        Array.from(
          { length: 40 },
          (_, i) => `${i},${i}.5,01/02/2026 10:${String(i).padStart(2, '0')}`,
        ).join('\n') +
        '\n',
    )
    const file = await feature(
      'parts',
      '  @source("csv://data/many.csv")\n  @sink("csv://out/parts.csv")\n  @sink("csv://out/parts-dlq.csv" when "!record.valid")\n  @partition(by="id", n=2)\n',
    )
    const r = await runi('run', file)
    expect(r.stdout).not.toMatch(/empty file/)
    expect(r.code).toBe(0)
    const lines = (await readFile(path.join(dir, 'out', 'parts.csv'), 'utf8')).trim().split('\n')
    expect(lines).toHaveLength(41)
  })
})
