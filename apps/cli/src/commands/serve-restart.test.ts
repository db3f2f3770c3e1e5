import { spawnSync } from 'node:child_process'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { openBarn } from '@runink/store'
import { main } from '../main.js'
import { installStopSignals } from '../signal-exit.js'

let dir: string
const signals = ['SIGINT', 'SIGTERM'] as const
const theirs = new Map(signals.map((s) => [s, new Set(process.listeners(s))]))
afterAll(async () => {
  // The pool stops this worker with SIGTERM: the handlers installed below must not catch it.
  for (const s of signals)
    for (const l of process.listeners(s)) if (!theirs.get(s)?.has(l)) process.off(s, l)
  await rm(dir, { recursive: true, force: true })
})

describe('runi serve after a server that died', () => {
  it('marks the runs it left running abandoned when it starts, and says so', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'runink-serve-restart-'))
    await chmod(dir, 0o755)
    // A run left `running` by a process that is gone (as a killed runi serve leaves its runs).
    const barn = await openBarn({ home: dir })
    const plan = await barn.plans.put({ feature: 'left' }, { name: 'left' })
    const { run } = await barn.runs.create({ planHash: plan.hash })
    await barn.runs.start(run.id)
    const gone = spawnSync(process.execPath, ['-e', '0']).pid
    await barn.db.updateTable('runs').set({ owner_pid: gone }).where('id', '=', run.id).execute()
    await barn.close()

    // This worker stands for the runi binary: its first SIGTERM stops the command.
    installStopSignals()
    const stderr = new PassThrough()
    let said = ''
    const listening = new Promise<void>((resolve) =>
      stderr.on('data', (c: Buffer) => {
        said += c.toString()
        if (said.includes('listening on')) resolve()
      }),
    )
    const io = {
      stdout: new PassThrough(),
      stderr,
      cwd: dir,
      env: { XDG_STATE_HOME: path.join(dir, '.state') },
    }
    const serving = main(['serve', '--port', '0'], io)
    await Promise.race([listening, serving])
    process.emit('SIGTERM')
    expect(await serving).toBe(0)
    expect(said).toContain(
      `note: run ${run.id} was left running by a process that is gone; marked abandoned`,
    )

    const after = await openBarn({ home: dir })
    try {
      expect(await after.runs.get(run.id)).toMatchObject({ status: 'abandoned' })
    } finally {
      await after.close()
    }
  })
})
