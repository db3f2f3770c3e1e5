import { rm, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../testing/run-cli.js'

let dir: string
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const CONTRACT = `# trades
contract: trade
version: 1.0.0
fields:
  trade_id: { type: string, required: true, pattern: "^T[0-9]{4}$" }
  qty: { type: int, required: true, min: 1 }
  email: { type: string, format: email, pii: true }
  legs: { type: array, items: { type: object, fields: { qty: { type: int } } } }
`

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'runink-cli-'))
  await writeFile(path.join(dir, 'trade.yaml'), CONTRACT)
  await writeFile(path.join(dir, 'good.csv'), 'trade_id,qty,email\nT0001,3,a@b.co\nT0002,4,\n')
  await writeFile(
    path.join(dir, 'bad.csv'),
    'trade_id,qty,email\nT0001,3,a@b.co\nX1,0,secret-at-example\n',
  )
  await writeFile(
    path.join(dir, 'bad.jsonl'),
    '{"trade_id":"T0001","qty":1,"legs":[{"qty":1},{"qty":"2"}]}\n',
  )
})

describe('runi contract validate', () => {
  it('reports all-valid data and exits 0', async () => {
    const r = await runCli(dir, 'contract', 'validate', 'trade.yaml', 'good.csv')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('2 records: 2 valid, all valid')
    expect(r.stdout).toContain('coerce mode')
  })

  it('prints the exact JSON report with every error and exits 1', async () => {
    const r = await runCli(dir, 'contract', 'validate', 'trade.yaml', 'bad.csv', '--json')
    expect(r.code).toBe(1)
    const report = JSON.parse(r.stdout) as {
      errors: { record: number; path: string; rule: string; actual: unknown }[]
    }
    expect(Object.keys(report)).toEqual(['records', 'valid', 'invalid', 'errors'])
    expect(report).toMatchObject({ records: 2, valid: 1, invalid: 1 })
    expect(report.errors).toEqual([
      { record: 2, path: 'trade_id', rule: 'pattern', expected: '^T[0-9]{4}$', actual: 'X1' },
      { record: 2, path: 'qty', rule: 'min', expected: 1, actual: 0 },
      { record: 2, path: 'email', rule: 'format', expected: 'email', actual: '[pii]' },
    ])
  })

  it('names nested paths in strict mode for JSONL', async () => {
    const r = await runCli(dir, 'contract', 'validate', 'trade.yaml', 'bad.jsonl', '--json')
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout).errors).toEqual([
      expect.objectContaining({ record: 1, path: 'legs[1].qty', rule: 'type', actual: '2' }),
    ])
  })

  it('gives one-line errors and exit 2 for bad input', async () => {
    const missing = await runCli(dir, 'contract', 'validate', 'nope.yaml', 'good.csv')
    expect(missing.code).toBe(2)
    expect(missing.stderr.trim().split('\n')).toHaveLength(1)
    expect(missing.stderr).toContain('nope.yaml')
    await writeFile(
      path.join(dir, 'broken.yaml'),
      'contract: x\nversion: 1.0.0\nfields:\n  a: { type: strin }\n',
    )
    const broken = await runCli(dir, 'contract', 'validate', 'broken.yaml', 'good.csv')
    expect(broken.code).toBe(2)
    expect(broken.stderr).toMatch(/broken\.yaml:4:\d+: .*did you mean "string"/)
    expect(broken.stderr).not.toMatch(/\n\s+at /)
    const noData = await runCli(dir, 'contract', 'validate', 'trade.yaml', 'none.csv')
    expect(noData.code).toBe(2)
    expect(noData.stderr).toContain('none.csv: no such file')
    const badMode = await runCli(
      dir,
      'contract',
      'validate',
      'trade.yaml',
      'good.csv',
      '--mode',
      'lenient',
    )
    expect(badMode.code).toBe(2)
  })
})

describe('runi contract hash, diff, export, import, infer', () => {
  it('prints a hash that ignores formatting and field order', async () => {
    const a = await runCli(dir, 'contract', 'hash', 'trade.yaml')
    await writeFile(
      path.join(dir, 'reordered.json'),
      JSON.stringify({
        version: '1.0.0',
        contract: 'trade',
        fields: {
          legs: { items: { fields: { qty: { type: 'int' } }, type: 'object' }, type: 'array' },
          email: { pii: true, type: 'string', format: 'email' },
          qty: { min: 1, type: 'int', required: true },
          trade_id: { type: 'string', pattern: '^T[0-9]{4}$', required: true },
        },
      }),
    )
    const b = await runCli(dir, 'contract', 'hash', 'reordered.json')
    expect(a.code).toBe(0)
    expect(a.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/)
    expect(b.stdout).toBe(a.stdout)
  })

  it('diffs versions, flags breaking changes and exits 1', async () => {
    await writeFile(
      path.join(dir, 'v2.yaml'),
      CONTRACT.replace('version: 1.0.0', 'version: 1.1.0').replace('min: 1 }', 'min: 5 }'),
    )
    const r = await runCli(dir, 'contract', 'diff', 'trade.yaml', 'v2.yaml', '--json')
    expect(r.code).toBe(1)
    const diff = JSON.parse(r.stdout)
    expect(diff.breaking).toBe(true)
    expect(diff.bump).toBe('major')
    expect(diff.changes).toEqual([
      expect.objectContaining({ path: expect.stringContaining('qty'), breaking: true }),
    ])
    const same = await runCli(dir, 'contract', 'diff', 'trade.yaml', 'trade.yaml')
    expect(same.code).toBe(0)
    expect(same.stdout).toContain('bump: none')
  })

  it('exports JSON Schema and imports it back to the same contract', async () => {
    const exported = await runCli(
      dir,
      'contract',
      'export',
      'trade.yaml',
      '--format',
      'jsonschema',
      '-o',
      'trade.schema.json',
    )
    expect(exported.code).toBe(0)
    const schema = JSON.parse(await readFile(path.join(dir, 'trade.schema.json'), 'utf8'))
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    const imported = await runCli(
      dir,
      'contract',
      'import',
      'trade.schema.json',
      '-o',
      'imported.yaml',
    )
    expect(imported.code).toBe(0)
    const h1 = await runCli(dir, 'contract', 'hash', 'trade.yaml')
    const h2 = await runCli(dir, 'contract', 'hash', 'imported.yaml')
    expect(h2.stdout).toBe(h1.stdout)
  })

  it('infers a contract that validates its sample', async () => {
    const r = await runCli(dir, 'contract', 'infer', 'good.csv', '-o', 'inferred.yaml')
    expect(r.code).toBe(0)
    const text = await readFile(path.join(dir, 'inferred.yaml'), 'utf8')
    expect(text).toContain('contract: good')
    const v = await runCli(dir, 'contract', 'validate', 'inferred.yaml', 'good.csv')
    expect(v.code).toBe(0)
  })
})

describe('runi synth', () => {
  it('writes the same bytes for the same seed, all valid', async () => {
    const a = await runCli(dir, 'synth', 'trade.yaml', '-n', '200', '--seed', '7', '-o', 'a.jsonl')
    const b = await runCli(dir, 'synth', 'trade.yaml', '-n', '200', '--seed', '7', '-o', 'b.jsonl')
    expect(a.code).toBe(0)
    expect(b.code).toBe(0)
    const bytes = await readFile(path.join(dir, 'a.jsonl'), 'utf8')
    expect(await readFile(path.join(dir, 'b.jsonl'), 'utf8')).toBe(bytes)
    expect(bytes.trim().split('\n')).toHaveLength(200)
    const v = await runCli(dir, 'contract', 'validate', 'trade.yaml', 'a.jsonl')
    expect(v.code).toBe(0)
  })

  it('writes CSV that validates in coerce mode', async () => {
    const r = await runCli(
      dir,
      'synth',
      'trade.yaml',
      '-n',
      '50',
      '--seed',
      'x',
      '--format',
      'csv',
      '-o',
      's.csv',
    )
    expect(r.code).toBe(0)
    const text = await readFile(path.join(dir, 's.csv'), 'utf8')
    expect(text.split('\n')[0]).toBe('trade_id,qty,email,legs')
    const v = await runCli(dir, 'contract', 'validate', 'trade.yaml', 's.csv')
    expect(v.stdout).toContain('50 records: 50 valid')
  })
})

describe('runi itself', () => {
  it('prints its version and help with examples', async () => {
    const v = await runCli(dir, '--version')
    expect(v.code).toBe(0)
    expect(v.stdout).toMatch(/^\d+\.\d+\.\d+\n$/)
    const h = await runCli(dir, 'contract', 'validate', '--help')
    expect(h.code).toBe(0)
    expect(h.stdout).toContain('Example:')
    const u = await runCli(dir, 'contract', 'frobnicate')
    expect(u.code).toBe(2)
  })
})
