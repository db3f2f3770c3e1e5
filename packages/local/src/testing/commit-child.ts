// A separate process that commits a three-sink stage, for the crash tests of commitOutputs; it
// stops at the commit point it is told and waits there to be killed. Bundled by the test.
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { openBarn, type CacheKeyParts } from '@runink/store'
import { commitOutputs, type CommitPoint } from '@runink/engine/testing'
import { barnPorts } from '../barn-ports.js'

const [home, stopAt, databaseUrl] = process.argv.slice(2)
if (!home || !stopAt) throw new Error('usage: commit-child <home> <sink-stored:N|committed> [db]')
const barn = await openBarn({
  home,
  lockTimeoutMs: 20_000,
  ...(databaseUrl ? { databaseUrl } : {}),
})
const plan = await barn.plans.put({ child: 'commit' }, { name: 'commit-child' })
const { run } = await barn.runs.create({ planHash: plan.hash })
await barn.runs.start(run.id)
const stage = await barn.stages.create({ runId: run.id, stage: 'two', nodeHash: plan.hash })
await barn.stages.transition(stage.id, 'running')
const slice = await barn.stages.createSlice({ stageRunId: stage.id, startedWith: 'none' })
await barn.stages.finishSlice(slice.id, 'succeeded', { recordsIn: 2, recordsOut: 2 })
const staging = path.join(home, 'staging', 's0')
await mkdir(staging, { recursive: true })
await writeFile(path.join(staging, 'a.jsonl'), '{"id":"a1"}\n{"id":"a2"}\n')
await writeFile(path.join(staging, 'b.jsonl'), '{"id":"b1"}\n')
process.stdout.write(`ids ${run.id} ${stage.id}\n`)
const parts: CacheKeyParts = {
  nodeHash: plan.hash,
  code: {},
  contractHashes: [],
  inputs: {},
  params: {},
  runtime: {},
}
const label = (p: CommitPoint): string =>
  p.kind === 'sink-stored' ? `${p.kind}:${p.sink}` : p.kind
await commitOutputs({
  ...barnPorts(barn),
  herd: 'default',
  baseDir: home,
  runId: run.id,
  stageRunId: stage.id,
  contractHash: `sha256:${'c'.repeat(64)}`,
  // A dataset sink, then two file sinks (file sinks are versioned too).
  sinks: [
    {
      uri: 'dataset://silver.trades',
      format: 'jsonl' as const,
      parts: [{ stagingDir: staging, file: 'a.jsonl', records: 2 }],
    },
    ...['a', 'b'].map((s) => ({
      uri: `jsonl://out/${s}.jsonl`,
      format: 'jsonl' as const,
      parts: [{ stagingDir: staging, file: `${s}.jsonl`, records: s === 'a' ? 2 : 1 }],
    })),
  ],
  cache: { parts, sliceId: slice.id },
  hooks: {
    async at(point) {
      if (label(point) !== stopAt) return
      process.stdout.write(`at ${stopAt}\n`)
      // Held here until the test kills this process.
      await new Promise(() => setInterval(() => undefined, 1_000))
    },
  },
})
process.stdout.write('done\n')
await barn.close()
