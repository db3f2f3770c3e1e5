// A separate process that opens a Barn, for the lock and crash tests. Bundled by the test.
import { randomBytes } from 'node:crypto'
import { openBarn } from '../barn.js'

const [mode, home] = process.argv.slice(2)
if (!home) throw new Error('usage: barn-child hold|yield|write <home>')
const barn = await openBarn({ home, lockTimeoutMs: 20_000, yieldsLock: mode === 'yield' })
if (mode === 'hold') {
  process.stdout.write('ready\n')
  setInterval(() => undefined, 1_000)
} else if (mode === 'yield') {
  // Keeps the Barn open until asked for it, then closes (what `runi`'s kept Barn does).
  const keep = setInterval(() => undefined, 1_000)
  process.once('SIGTERM', () => {
    process.stdout.write('yielding\n')
    void barn.close().then(() => clearInterval(keep))
  })
  process.stdout.write('ready\n')
} else {
  const plan = await barn.plans.put({ child: true }, { name: 'child' })
  const { run } = await barn.runs.create({ planHash: plan.hash })
  await barn.runs.start(run.id)
  const stage = await barn.stages.create({ runId: run.id, stage: 'write', nodeHash: 'sha256:w' })
  await barn.stages.transition(stage.id, 'running')
  const slice = await barn.stages.createSlice({ stageRunId: stage.id })
  await barn.stages.startSlice(slice.id, 'none')
  process.stdout.write(`run ${run.id}\n`)
  for (let i = 1; ; i++) {
    await barn.datasets.write(randomBytes(256 * 1024), {
      name: 'crash.out',
      format: 'bin',
      recordCount: i,
      runId: run.id,
      stageRunId: stage.id,
    })
    await barn.logs.append(slice.id, [`wrote ${i}`])
    process.stdout.write(`v ${i}\n`)
  }
}
