import { spawn } from 'node:child_process'
import type { Readable, Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { MAX_BACKLOG, MessageChannel } from './message-channel.js'

/** A real process writing `script`'s output on its fd 3, read by a channel. */
function channelOf(script: string): { channel: MessageChannel; ended: Promise<void> } {
  const child = spawn(process.execPath, ['-e', script], {
    stdio: ['ignore', 'ignore', 'inherit', 'pipe'],
  })
  const fd3 = child.stdio[3] as Readable & Writable
  const channel = new MessageChannel(fd3, null)
  const ended = new Promise<void>((resolve) => fd3.on('close', () => resolve()))
  return { channel, ended }
}

describe('MessageChannel', () => {
  it('skips a 256 MiB line in linear time and goes on with the next message', async () => {
    const { channel, ended } = channelOf(`
      const fs = require('node:fs')
      const chunk = Buffer.alloc(1024 * 1024, 120)
      for (let i = 0; i < 256; i++) fs.writeSync(3, chunk)
      fs.writeSync(3, '\\n{"after":1}\\n')`)
    const got: unknown[] = []
    channel.onMessage((m) => got.push(m))
    const started = performance.now()
    await ended
    // Re-joining the pending text with every chunk (quadratic) takes minutes here.
    expect(performance.now() - started).toBeLessThan(20_000)
    expect(got).toEqual([{ type: 'malformed', line: 'longer than 65536 bytes' }, { after: 1 }])
  })

  it('keeps at most MAX_BACKLOG messages for a listener that has not come yet', async () => {
    const { channel, ended } = channelOf(`
      const fs = require('node:fs')
      fs.writeSync(3, '{"n":1}\\n'.repeat(${MAX_BACKLOG * 5}))`)
    await ended
    const got: unknown[] = []
    channel.onMessage((m) => got.push(m))
    expect(got).toHaveLength(MAX_BACKLOG)
  })
})
