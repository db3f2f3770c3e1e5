import { describe, it, expect } from 'vitest'
import { spawn } from 'node:child_process'
import { processAlive } from './process-alive.js'

describe('processAlive', () => {
  it('knows this process is alive', () => {
    expect(processAlive(process.pid)).toBe(true)
  })

  it('sees an exited process as gone', async () => {
    const child = spawn(process.execPath, ['-e', ''])
    await new Promise((resolve) => child.once('exit', resolve))
    expect(processAlive(child.pid ?? -1)).toBe(false)
  })
})
