import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { processStartTicks } from '@runink/node'
import { claimRunStaging, sweepDeadStaging } from './run-staging.js'

let root: string
afterEach(() => rmSync(root, { recursive: true, force: true }))

/** A pid that no process has now: a child that has exited and been reaped. */
async function deadPid(): Promise<number> {
  const child = spawn('/bin/true')
  await new Promise((ok) => child.once('exit', ok))
  return child.pid!
}

describe('run staging', () => {
  it('keeps a live run’s staging, removes what dead runs and older runi left', async () => {
    root = mkdtempSync(path.join(tmpdir(), 'runink-staging-'))
    const mine = await claimRunStaging(root)
    writeFileSync(path.join(mine.dir, 'pii.csv'), 'ssn\n123-45-6789\n')
    const dead = path.join(root, `run-${await deadPid()}-12345`)
    mkdirSync(path.join(dead, 'inputs'), { recursive: true })
    writeFileSync(path.join(dead, 'inputs', 'pii.csv'), 'ssn\n123-45-6789\n')
    // This process's pid with another start time: a reused pid is not the owner.
    const reused = path.join(
      root,
      `run-${process.pid}-${(processStartTicks(process.pid) ?? 0) + 1}`,
    )
    mkdirSync(reused)
    const legacy = path.join(root, 'slices', 'slice-abc')
    mkdirSync(legacy, { recursive: true })
    const swept = await sweepDeadStaging(root)
    expect(swept.failed).toEqual([])
    expect([...swept.removed].sort()).toEqual([dead, reused, path.join(root, 'slices')].sort())
    expect(existsSync(path.join(mine.dir, 'pii.csv'))).toBe(true)
    await mine.release()
    expect(existsSync(mine.dir)).toBe(false)
    expect(existsSync(root)).toBe(false)
  })

  it('keeps staging while any process it names lives (the slice supervisor after its caller)', async () => {
    root = mkdtempSync(path.join(tmpdir(), 'runink-staging-'))
    const mine = await claimRunStaging(root)
    const sleeper = spawn('/bin/sleep', ['30'])
    await mine.addOwner(sleeper.pid!)
    const file = JSON.parse(readFileSync(path.join(mine.dir, 'owner.json'), 'utf8')) as {
      owners: Array<{ pid: number }>
    }
    expect(file.owners.map((o) => o.pid)).toEqual([process.pid, sleeper.pid])
    // The run process was SIGKILLed; its supervisor is still winding down.
    const dead = await deadPid()
    const orphan = path.join(root, `run-${dead}-1`)
    mkdirSync(orphan)
    writeFileSync(
      path.join(orphan, 'owner.json'),
      JSON.stringify({
        owners: [
          { pid: dead, startTicks: 1 },
          { pid: sleeper.pid, startTicks: processStartTicks(sleeper.pid!) },
        ],
      }),
    )
    expect((await sweepDeadStaging(root)).removed).toEqual([])
    sleeper.kill('SIGKILL')
    await new Promise((ok) => sleeper.once('exit', ok))
    expect((await sweepDeadStaging(root)).removed).toEqual([orphan])
    expect(existsSync(orphan)).toBe(false)
    expect(existsSync(mine.dir)).toBe(true)
  })

  it('judges a folder with a damaged owner.json by its name, and never fails on it', async () => {
    root = mkdtempSync(path.join(tmpdir(), 'runink-staging-'))
    const dead = path.join(root, `run-${await deadPid()}-7`)
    mkdirSync(dead)
    writeFileSync(path.join(dead, 'owner.json'), '{"owners": 42}')
    const live = path.join(root, `run-${process.pid}-${processStartTicks(process.pid) ?? 0}`)
    mkdirSync(live)
    writeFileSync(path.join(live, 'owner.json'), 'null')
    const swept = await sweepDeadStaging(root)
    expect(swept).toEqual({ removed: [dead], failed: [] })
    expect(existsSync(live)).toBe(true)
  })

  it('sweeps nothing where there is no staging yet', async () => {
    root = mkdtempSync(path.join(tmpdir(), 'runink-staging-'))
    expect(await sweepDeadStaging(path.join(root, 'none'))).toEqual({ removed: [], failed: [] })
  })
})
