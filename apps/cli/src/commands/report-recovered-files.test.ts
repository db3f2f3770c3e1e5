import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openBarn } from '@runink/store'
import { makeTempDir, type TempDir } from '@runink/testing'
import { runCliWith } from '../testing/run-cli.js'
import { auditKeyDirOf } from './audit-key-dir.js'

let dir: TempDir
let state: TempDir
let env: Record<string, string>

beforeAll(async () => {
  dir = await makeTempDir('runink-cli-recovered-')
  state = await makeTempDir('runink-cli-recovered-state-')
  env = { XDG_STATE_HOME: state.path }
})
afterAll(async () => {
  await dir.remove()
  await state.remove()
})

describe('file sinks left by a run that stopped between its commit and its renames', () => {
  it('the next command puts them in place and says so, and warns of one it cannot', async () => {
    const home = dir.path
    const ok = path.join(home, 'out', 'ok.jsonl')
    const blocked = path.join(home, 'blocked', 'x.jsonl')
    // A run that committed a stage with two file sinks and ended before renaming either.
    const barn = await openBarn({ home, auditKeyDir: auditKeyDirOf(env) })
    const plan = await barn.plans.put({ stage: 's' }, { name: 'p' })
    const { run } = await barn.runs.create({ planHash: plan.hash })
    await barn.runs.start(run.id)
    const stage = await barn.stages.create({ runId: run.id, stage: 's', nodeHash: plan.hash })
    await barn.stages.transition(stage.id, 'running')
    await mkdir(path.dirname(ok), { recursive: true })
    const files = await barn.commits.prepareFiles({
      runId: run.id,
      stageRunId: stage.id,
      targets: [ok, blocked],
    })
    const key = (await barn.objects.put(Buffer.from('{"id":1}\n'))).key
    await writeFile(files[0]!.temp, '{"id":1}\n')
    await barn.commits.commit({
      stageRunId: stage.id,
      versions: [ok, blocked].map((t) => ({
        name: `files/${path.relative(home, t)}`,
        objectKey: key,
        format: 'jsonl',
        recordCount: 1,
        runId: run.id,
        stageRunId: stage.id,
      })),
      files: files.map((f) => ({ id: f.id, objectKey: key })),
    })
    await barn.runs.finish(run.id, 'failed', { error: 'stopped' })
    await barn.close()
    // blocked/ cannot be made: a file has its name.
    await writeFile(path.dirname(blocked), 'not a folder\n')

    const first = await runCliWith({ cwd: home, env }, 'runs')
    expect(first.code).toBe(0)
    expect(first.stderr).toContain(
      `note: put ${ok} in place: run ${run.id} committed it but stopped before writing it`,
    )
    expect(first.stderr).toMatch(
      new RegExp(
        `warning: could not put ${blocked} \\(committed by run ${run.id}\\) in place: .*ENOTDIR.*; the next runi command in this project tries again`,
      ),
    )
    expect(await readFile(ok, 'utf8')).toBe('{"id":1}\n')

    const second = await runCliWith({ cwd: home, env }, 'runs')
    expect(second.stderr).not.toContain('note: put')
    expect(second.stderr).toContain(`warning: could not put ${blocked}`)
  }, 60_000)
})
