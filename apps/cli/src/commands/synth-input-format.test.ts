import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../testing/run-cli.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'runink-synth-fmt-'))
  await writeFile(
    path.join(dir, 'trade.yaml'),
    'contract: trade\nversion: 1.0.0\nfields:\n  id: { type: int, required: true }\n  traded_at: { type: timestamp, required: true, input_format: "dd/MM/yyyy HH:mm" }\n  day: { type: date, input_format: "d.M.yyyy" }\n',
  )
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('runi synth and input_format', () => {
  it('writes a CSV whose dates and timestamps are in their input_format, valid against the contract', async () => {
    expect((await runCli(dir, 'synth', 'trade.yaml', '-n', '50', '-o', 's.csv')).code).toBe(0)
    const lines = (await readFile(path.join(dir, 's.csv'), 'utf8')).trim().split('\n')
    expect(lines[0]).toBe('id,traded_at,day')
    for (const line of lines.slice(1))
      expect(line).toMatch(/^-?\d+,\d{2}\/\d{2}\/\d{4} \d{2}:\d{2},(\d{1,2}\.\d{1,2}\.\d{4})?$/)
    const validate = await runCli(dir, 'contract', 'validate', 'trade.yaml', 's.csv')
    expect(validate.stdout).toContain('50 records: 50 valid, all valid')
    expect(validate.code).toBe(0)
    // JSONL keeps ISO values: typed sources are read in strict mode.
    expect((await runCli(dir, 'synth', 'trade.yaml', '-n', '5', '-o', 's.jsonl')).code).toBe(0)
    const first = JSON.parse((await readFile(path.join(dir, 's.jsonl'), 'utf8')).split('\n')[0]!)
    expect((first as { traded_at: string }).traded_at).toMatch(/^\d{4}-\d{2}-\d{2}T/)
  })

  it('a .tsv is CSV split by tabs: synth writes one, contract validate reads it', async () => {
    expect((await runCli(dir, 'synth', 'trade.yaml', '-n', '20', '-o', 's.tsv')).code).toBe(0)
    const lines = (await readFile(path.join(dir, 's.tsv'), 'utf8')).trim().split('\n')
    expect(lines[0]).toBe('id\ttraded_at\tday')
    expect(lines[1]!.split('\t')).toHaveLength(3)
    const validate = await runCli(dir, 'contract', 'validate', 'trade.yaml', 's.tsv')
    expect(validate.stdout).toContain('20 records: 20 valid, all valid')
    expect(validate.code).toBe(0)
  })
})
