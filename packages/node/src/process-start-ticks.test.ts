import { describe, it, expect } from 'vitest'
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { processStartTicks } from './process-start-ticks.js'

const linux = existsSync('/proc/self/stat')

describe('processStartTicks', () => {
  it.runIf(linux)('reads when this process started, the same on every read', () => {
    const ticks = processStartTicks(process.pid)
    expect(Number.isInteger(ticks)).toBe(true)
    expect(processStartTicks(process.pid)).toBe(ticks)
  })

  it.runIf(linux)('gives a later start to a process started later', async () => {
    const child = spawn('sleep', ['5'])
    try {
      await new Promise((resolve) => child.once('spawn', resolve))
      expect(processStartTicks(child.pid!)).toBeGreaterThanOrEqual(processStartTicks(process.pid)!)
    } finally {
      child.kill()
    }
  })

  it('is undefined for a process that is gone', async () => {
    const child = spawn(process.execPath, ['-e', ''])
    await new Promise((resolve) => child.once('exit', resolve))
    expect(processStartTicks(child.pid ?? -1)).toBeUndefined()
  })
})
