import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCliWith, type CliRun } from '../testing/run-cli.js'

let dir: string
const runi = (...argv: string[]): Promise<CliRun> =>
  runCliWith({ cwd: dir, env: { XDG_STATE_HOME: path.join(dir, '.state') } }, ...argv)

const raw = (max: number) => `contract: raw
version: 1.0.0
fields:
  id: { type: string, required: true }
  amount: { type: int, required: true, max: ${max} }
`
const GOLD = `contract: gold
version: 1.0.0
fields:
  id: { type: string, required: true }
  amount: { type: int, required: true }
  tag: { type: string, required: true }
`
const PIPELINE = `@feature(name="pins")
@contract(path="contracts/")
Feature: pins

Scenario: Ingest
  @source("csv://in.csv")
  @sink("dataset://clean")
  @sink("jsonl://out/dlq.jsonl" when "!record.valid")
  Given the contract: raw

Scenario: Gold
  @source("dataset://clean")
  @step("derive", tag="params.tag")
  @step(exec="sh step.sh")
  @sink("dataset://gold")
  @sink("jsonl://out/gold.jsonl")
  Given the contract: gold
`

interface RunJson {
  runId: string
  status: string
  stages: { id: string; status: string; error?: string }[]
}

/** `runi run p.dsl --json` with the given tag: the run, each stage's status, and the gold file. */
async function run(tag: string): Promise<{ run: RunJson; stages: string[]; gold: unknown[] }> {
  const r = await runi('run', 'p.dsl', '--param', `tag=${tag}`, '--json')
  const result = JSON.parse(r.stdout) as RunJson
  expect(result.stages.filter((s) => s.error).map((s) => `${s.id}: ${s.error}`)).toEqual([])
  expect(r.code).toBe(0)
  const gold = (await readFile(path.join(dir, 'out', 'gold.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as unknown)
  return { run: result, stages: result.stages.map((s) => s.status), gold }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'runink-pins-cli-'))
  // Slices run as the runink-slice account, which must read the project.
  await chmod(dir, 0o755)
  await writeFile(path.join(dir, 'p.dsl'), PIPELINE)
  await writeFile(path.join(dir, 'in.csv'), 'id,amount\nR1,10\nR2,55\n')
  await writeFile(path.join(dir, 'step.sh'), 'cat\n')
  await mkdir(path.join(dir, 'contracts'))
  await chmod(path.join(dir, 'contracts'), 0o755)
  await writeFile(path.join(dir, 'contracts', 'gold.yaml'), GOLD)
}, 60_000)
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('runi run pins its inputs; the cache key covers params and scripts', () => {
  it('contract A → B → A publishes the gold of A; a new --param or an edited script misses', async () => {
    const contract = (max: number) => writeFile(path.join(dir, 'contracts', 'raw.yaml'), raw(max))
    await contract(50)
    const first = await run('a')
    expect(first.gold).toEqual([{ id: 'R1', amount: 10, tag: 'a' }])
    await contract(60)
    const second = await run('a')
    expect(second.gold).toEqual([
      { id: 'R1', amount: 10, tag: 'a' },
      { id: 'R2', amount: 55, tag: 'a' },
    ])
    await contract(50)
    const third = await run('a')
    expect(third.stages).toEqual(['cached', 'cached'])
    expect(third.gold).toEqual([{ id: 'R1', amount: 10, tag: 'a' }])

    // What the third run read, and why its stages hit.
    const json = JSON.parse((await runi('status', third.run.runId, '--json')).stdout) as {
      inputs: {
        uri: string
        ref?: string
        contentHash: string
        pinned: string
        fromStage?: string
      }[]
      stages: { stage: string; cache?: { hit: boolean; components: { params: unknown } } }[]
      datasets: { ref: string; contentHash: string }[]
    }
    const clean = json.datasets.find((d) => d.ref.startsWith('dataset://clean@'))!
    expect(clean.ref).toBe('dataset://clean@3')
    expect(json.inputs).toEqual([
      { uri: 'csv://in.csv', contentHash: expect.stringMatching(/^sha256:/), pinned: 'file' },
      {
        uri: 'dataset://clean',
        ref: 'dataset://clean@3',
        contentHash: clean.contentHash,
        pinned: 'stage',
        fromStage: 'ingest',
      },
    ])
    expect(json.stages.map((s) => [s.stage, s.cache?.hit])).toEqual([
      ['ingest', true],
      ['gold', true],
    ])
    expect(json.stages[1]!.cache!.components.params).toEqual({ tag: 'a' })
    const text = await runi('status', third.run.runId)
    expect(text.stdout).toContain('inputs:')
    expect(text.stdout).toMatch(
      /dataset:\/\/clean\s+dataset:\/\/clean@3\s+sha256:[0-9a-f]{12}\s+written by ingest in this run/,
    )

    const tagged = await run('b')
    expect(tagged.stages).toEqual(['cached', 'succeeded'])
    expect(tagged.gold).toEqual([{ id: 'R1', amount: 10, tag: 'b' }])

    await writeFile(path.join(dir, 'step.sh'), `sed 's/"tag":"b"/"tag":"B"/'\n`)
    const edited = await run('b')
    expect(edited.stages).toEqual(['cached', 'succeeded'])
    expect(edited.gold).toEqual([{ id: 'R1', amount: 10, tag: 'B' }])
  })
})
