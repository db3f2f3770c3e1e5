import { describe, it, expect } from 'vitest'
import { spawn } from 'node:child_process'
import { processAlive } from '@runink/node'
import { currentProcess, ownerAlive, processStartTime } from './process-alive.js'

describe('process liveness', () => {
  it('knows this process is alive and when it started', () => {
    const me = currentProcess()
    expect(processAlive(me.pid)).toBe(true)
    const started = processStartTime(me.pid)
    if (started) expect(Math.abs(started.getTime() - me.startedAt.getTime())).toBeLessThan(5_000)
    expect(ownerAlive(me.pid, me.startedAt)).toBe(true)
  })

  it('treats a reused pid (a process that started later than the owner) as gone', () => {
    const me = currentProcess()
    const wrongStart = new Date(me.startedAt.getTime() - 3_600_000)
    expect(ownerAlive(me.pid, wrongStart)).toBe(processStartTime(me.pid) === undefined)
  })

  it('sees an exited process as gone', async () => {
    const child = spawn(process.execPath, ['-e', ''])
    await new Promise((resolve) => child.once('exit', resolve))
    expect(processAlive(child.pid ?? -1)).toBe(false)
    expect(ownerAlive(child.pid ?? -1, null)).toBe(false)
  })
})
