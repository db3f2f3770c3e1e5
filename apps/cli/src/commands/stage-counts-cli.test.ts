import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCliWith, type CliRun } from '../testing/run-cli.js'
import { parseMessage, runStatusSchema } from '@runink/protocol'

let dir: string
const runi = (...argv: string[]): Promise<CliRun> =>
  runCliWith({ cwd: dir, env: { XDG_STATE_HOME: path.join(dir, '.state') } }, ...argv)

const CONTRACT = `contract: priced
version: 1.0.0
fields:
  id: { type: string, required: true }
  price: { type: decimal, required: true, min: 0 }
  currency: { type: string, required: true, enum: [USD, EUR] }
`

// 7 records: a duplicate (filtered by dedupe), one filtered (price ≥ 100), two invalid.
const PRICES =
  'id,price,currency\na,1,USD\na,1,USD\nb,-2,EUR\nc,300,EUR\nd,4,GBP\ne,5,EUR\nf,6,USD\n'

const feature = (name: string, data: string, extra = '') => `@feature(name="${name}")
@contract(path="priced.yaml")
@steps(path="steps.ts")
Feature: ${name}

Scenario: Prices
  @source("csv://data/${data}")
  @step("dedupe", key="id")
  @step("Cheap")
  @sink("dataset://prices")
  @sink("jsonl://out/dlq.jsonl" when "!record.valid")
  ${extra}
  Given the contract: priced
`

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'runink-counts-'))
  // Slices run as the runink-slice account, which must read the project.
  await chmod(dir, 0o755)
  await mkdir(path.join(dir, 'data'))
  await chmod(path.join(dir, 'data'), 0o755)
  await writeFile(path.join(dir, 'priced.yaml'), CONTRACT)
  await writeFile(path.join(dir, 'data', 'prices.csv'), PRICES)
  await writeFile(
    path.join(dir, 'data', 'bad.csv'),
    'id,price,currency\na,-1,USD\nb,-2,EUR\nc,-3,GBP\nd,4,JPY\n',
  )
  await writeFile(
    path.join(dir, 'steps.ts'),
    `import { defineStep } from '@runink/engine'
export const Cheap = defineStep({ map(r: Record<string, unknown>, ctx) { if (Number(r.price) >= 100) { ctx.count('expensive'); return null } return r } })
`,
  )
  await writeFile(
    path.join(dir, 'boom.ts'),
    `import { defineStep } from '@runink/engine'
export const Cheap = defineStep({ map(r: Record<string, unknown>) { if (r.id === 'e') throw new Error('no e here'); return r } })
`,
  )
  await writeFile(
    path.join(dir, 'boom.dsl'),
    feature('Boom', 'prices.csv').replace('@steps(path="steps.ts")', '@steps(path="boom.ts")'),
  )
  await writeFile(path.join(dir, 'counts.dsl'), feature('Counts', 'prices.csv'))
  await writeFile(path.join(dir, 'empty.dsl'), feature('Empty', 'bad.csv'))
  await writeFile(path.join(dir, 'allowed.dsl'), feature('Allowed', 'bad.csv', '@empty("allow")'))
}, 60_000)
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('counts reconcile in the summary, runi status and --json', () => {
  it('shows in, valid, invalid, filtered and out, and the steps’ metrics', async () => {
    const run = await runi('run', 'counts.dsl')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/stage\s+status\s+in\s+valid\s+invalid\s+filtered\s+out\s+attempts/)
    // 7 in = 3 valid + 2 invalid + 2 filtered; out counts the 3 valid records written.
    expect(run.stdout).toMatch(/prices\s+succeeded\s+7\s+3\s+2\s+2\s+3\s+1/)
    expect(run.stdout).toContain('metrics: expensive=1')
    const runId = /Run (\S+) succeeded/.exec(run.stdout)![1]!

    const status = await runi('status', runId)
    expect(status.stdout).toMatch(/IN\s+VALID\s+INVALID\s+FILTERED\s+OUT/)
    expect(status.stdout).toMatch(/prices\s+succeeded\s+1\s+1\s+\S+\s+7\s+3\s+2\s+2\s+3/)
    expect(status.stdout).toContain('metrics of prices: expensive=1')

    const json = JSON.parse((await runi('status', runId, '--json')).stdout) as {
      stages: { stats: Record<string, unknown> }[]
    }
    // It is the protocol's run-status message, as a client of the control plane will parse it.
    expect(parseMessage(runStatusSchema, json, 'runi status --json')).toMatchObject({ ok: true })
    expect(json.stages[0]!.stats).toMatchObject({
      in: 7,
      valid: 3,
      invalid: 2,
      filtered: 2,
      out: 3,
      metrics: { expensive: 1 },
      sinks: { 'dataset://prices': 3, 'jsonl://out/dlq.jsonl': 2 },
    })

    const again = JSON.parse((await runi('run', 'counts.dsl', '--no-cache', '--json')).stdout) as {
      stages: { stats: Record<string, unknown> }[]
    }
    expect(again.stages[0]!.stats).toMatchObject({
      records: { in: 7, out: 3 },
      valid: { count: 3 },
      invalid: { count: 2 },
      filtered: 2,
      metrics: { expensive: 1 },
    })
  }, 120_000)

  it('numbers dead letters by input position, as runi contract validate does', async () => {
    const validate = await runi('contract', 'validate', 'priced.yaml', 'data/prices.csv', '--json')
    const numbers = [
      ...new Set(
        (JSON.parse(validate.stdout) as { errors: { record: number }[] }).errors.map(
          (e) => e.record,
        ),
      ),
    ]
    const dlq = (await readFile(path.join(dir, 'out', 'dlq.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { source: { uri: string; position: number }; stage: string })
    expect(numbers).toEqual([3, 5])
    expect(dlq.map((d) => d.source)).toEqual(
      numbers.map((position) => ({ uri: 'csv://data/prices.csv', position })),
    )
    expect(dlq.map((d) => d.stage)).toEqual(['prices', 'prices'])
  }, 60_000)
})

describe('a step that throws', () => {
  it('names the record by its place in the input file, in the run and in runi logs', async () => {
    const run = await runi('run', 'boom.dsl')
    expect(run.code).toBe(1)
    // e is the 6th record of data/prices.csv (the dedupe before the step changes nothing).
    expect(run.stdout).toContain('record 6 of data/prices.csv: step Cheap failed: no e here')
    const runId = /Run (\S+) failed/.exec(run.stdout)![1]!
    const logs = await runi('logs', runId)
    expect(logs.stdout).toContain('record 6 of data/prices.csv: step Cheap failed: no e here')
  }, 120_000)
})

describe('empty is not success', () => {
  it('fails a stage with no valid record, shows the top reasons, and keeps the evidence', async () => {
    const run = await runi('run', 'empty.dsl')
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(
      'stage wrote no valid record: 0 of 4 record(s) valid; top reasons: price: must be ≥ 0 (3), currency: not one of USD,EUR (2)',
    )
    const runId = /Run (\S+) failed/.exec(run.stdout)![1]!
    expect(run.stdout).toContain(`runi status ${runId} --errors`)

    const status = await runi('status', runId)
    expect(status.stdout).toContain(`why records were invalid: runi status ${runId} --errors`)
    const errors = await runi('status', runId, '--errors')
    expect(errors.stdout).toContain('invalid records of prices (failed): 4 of 4')
    expect(errors.stdout).toMatch(/ 3 {2}price: must be ≥ 0\n/)
    expect(errors.stdout).toContain(
      'record 4 of data/bad.csv: currency: "JPY" is not one of "USD", "EUR"',
    )
    expect(errors.stdout).toContain('{"id":"d","price":"4","currency":"JPY"}')
  }, 120_000)

  it('passes the same stage with @empty("allow")', async () => {
    const run = await runi('run', 'allowed.dsl')
    expect(run.stdout).toMatch(/prices\s+succeeded\s+4\s+0\s+4\s+0\s+0/)
    expect(run.code).toBe(0)
  }, 120_000)
})
