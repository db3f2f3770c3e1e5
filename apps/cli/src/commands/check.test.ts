import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCliWith, type CliRun } from '../testing/run-cli.js'

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples')

let root: string
let state: string

const POSITION = `contract: customer_count
version: 1.0.0
unknown_fields: reject
fields:
  country: { type: string, required: true }
  customers: { type: int, required: true }
`

/** A feature file over the orders example's customer contract; `body` is its scenarios. */
const feature = (body: string): string =>
  [
    '@feature(name="Check", herd="sales", version="1.0.0")',
    '@contract(path="contracts/")',
    '',
    'Feature: Check',
    '  What runi check finds before running.',
    '',
    body,
  ].join('\n')

const LOAD = [
  'Scenario: Load customers',
  '  @source("csv://data/customers.csv")',
  '  @sink("dataset://sales.customers")',
  '  @sink("jsonl://out/dlq.jsonl" when "!record.valid")',
  '  Given the contract: customer',
  '',
].join('\n')

const count = (query: string): string =>
  [
    'Scenario: Count customers',
    '  @source("dataset://sales.customers")',
    `  @step("sql", query="${query}")`,
    '  @sink("dataset://sales.customer_counts")',
    '  @sink("jsonl://out/dlq-counts.jsonl" when "!record.valid")',
    '  Given the contract: customer_count',
    '',
  ].join('\n')

const GOOD_QUERY = 'SELECT country, count(*) AS customers FROM input GROUP BY country'

async function check(name: string, dsl: string, ...flags: string[]): Promise<CliRun> {
  await writeFile(path.join(root, name), dsl)
  return runCliWith(
    { cwd: root, env: { XDG_STATE_HOME: state, NO_COLOR: '1' } },
    'check',
    name,
    ...flags,
  )
}

beforeAll(async () => {
  root = await realpath(await mkdtemp(path.join(tmpdir(), 'runink-check-')))
  state = path.join(root, 'state')
  await mkdir(path.join(root, 'contracts'), { recursive: true })
  await mkdir(path.join(root, 'data'))
  await copyFile(
    path.join(examples, 'orders/contracts/customer.yaml'),
    path.join(root, 'contracts/customer.yaml'),
  )
  await writeFile(path.join(root, 'contracts/customer_count.yaml'), POSITION)
  await copyFile(
    path.join(examples, 'orders/data/customers.csv'),
    path.join(root, 'data/customers.csv'),
  )
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('runi check', () => {
  it('passes a pipeline whose sources exist and whose SQL fits its contracts', async () => {
    const r = await check('good.dsl', feature(LOAD + count(GOOD_QUERY)))
    expect(r.stdout).toBe('good.dsl: ok, 0 warning(s)\n')
    expect(r.code).toBe(0)
  })

  it('reports a missing local source file where it is written, with did-you-mean', async () => {
    const r = await check(
      'missing.dsl',
      feature(LOAD.replace('data/customers.csv', 'data/customer.csv')),
    )
    expect(r.code).toBe(1)
    expect(r.stdout).toContain(
      `missing.dsl:8:3: error RUNINK_DSL_SOURCE_MISSING: csv://data/customer.csv: no such file ${root}/data/customer.csv`,
    )
    expect(r.stdout).toContain('8 |   @source("csv://data/customer.csv")\n  |   ^^^^')
    expect(r.stdout).toContain('hint: did you mean customers.csv?')
  })

  it('warns, without creating a Barn, that an outside dataset:// source cannot be checked', async () => {
    const r = await check('outside.dsl', feature(count(GOOD_QUERY)))
    expect(r.stdout).toContain(
      `outside.dsl:8:3: warning RUNINK_DSL_NO_BARN: dataset://sales.customers: no stage of this plan writes it, and there is no Barn in ${root} to check in`,
    )
    expect(r.code).toBe(0)
    expect(existsSync(path.join(root, '.runink'))).toBe(false)
  })

  it('checks outside dataset:// sources against the Barn, with did-you-mean', async () => {
    const home = path.join(root, 'home')
    await mkdir(home)
    const at = { cwd: home, env: { XDG_STATE_HOME: state, NO_COLOR: '1' } }
    const pushed = await runCliWith(
      at,
      'dataset',
      'push',
      '../data/customers.csv',
      'sales.customers',
      '--herd',
      'sales',
    )
    expect(pushed.code, pushed.stderr).toBe(0)
    const dsl = feature(count(GOOD_QUERY))
    const ok = await check('in-barn.dsl', dsl, '--home', home)
    expect(ok.stdout).toBe('in-barn.dsl: ok, 0 warning(s)\n')
    const typo = await check(
      'typo.dsl',
      dsl.replace('dataset://sales.customers', 'dataset://sales.customer'),
      '--home',
      home,
    )
    expect(typo.code).toBe(1)
    expect(typo.stdout).toContain(
      'typo.dsl:8:3: error RUNINK_DSL_UNKNOWN_DATASET: dataset://sales.customer: no stage of this plan writes sales.customer, and the Barn has no such dataset in herd sales',
    )
    expect(typo.stdout).toContain('hint: did you mean dataset://sales.customers?')
    const version = await check(
      'version.dsl',
      dsl.replace('dataset://sales.customers', 'dataset://sales.customers@7'),
      '--home',
      home,
    )
    expect(version.stdout).toContain(
      'dataset://sales.customers@7: dataset sales.customers has no version 7 (it has 1)',
    )
  })

  it.each([
    [
      'a syntax error',
      'SELEC country FROM input',
      'error RUNINK_DSL_SQL: sql: Parser Error: syntax error at or near "SELEC"',
    ],
    [
      'an unknown column',
      'SELECT county, count(*) AS customers FROM input GROUP BY county',
      'error RUNINK_DSL_SQL: sql: Binder Error: Referenced column "county" not found',
    ],
    [
      'a type the output contract does not take',
      'SELECT country, count(*) > 1 AS customers FROM input GROUP BY country',
      'error RUNINK_DSL_SQL: sql: column customers is BOOLEAN, but field customers of contract customer_count is int',
    ],
    [
      'a required column the query does not return',
      'SELECT country FROM input GROUP BY country',
      'error RUNINK_DSL_SQL: sql: the query returns no column customers, which contract customer_count requires',
    ],
  ])('reports %s of a sql step at the step', async (_what, query, message) => {
    const r = await check('sql.dsl', feature(LOAD + count(query)))
    expect(r.code).toBe(1)
    expect(r.stdout).toContain(`sql.dsl:14:3: ${message}`)
    expect(r.stdout).toContain('14 |   @step("sql", query=')
  })

  it('warns on annotations that are not enforced, and --strict makes them errors', async () => {
    const dsl = feature(LOAD.replace('  Given', '  @emits("customers.loaded")\n  Given'))
    const r = await check('emits.dsl', dsl)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(
      'emits.dsl:11:3: warning RUNINK_DSL_NOT_ENFORCED: @emits is not enforced: no event bus yet',
    )
    const strict = await check('emits.dsl', dsl, '--strict')
    expect(strict.code).toBe(1)
    expect(strict.stdout).toContain('error RUNINK_DSL_NOT_ENFORCED')
    const explained = await runCliWith(
      { cwd: root, env: { XDG_STATE_HOME: state } },
      'explain',
      'emits.dsl',
    )
    expect(explained.stdout).toContain(
      'emits   customers.loaded  (not enforced: no event bus yet: the topic is never announced)',
    )
  })
})
