import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { quietOnClosedPipes } from './closed-pipe.js'
import { onStopSignal } from './signal-exit.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const BIN = path.resolve(here, '../bin/runi.js')
const root = path.resolve(here, '../../..')

/** Runs the built runi, reads its first bytes of stdout, then closes the pipe as `head` does. */
function runiClosedEarly(...argv: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    child.stdout.once('data', () => child.stdout.destroy())
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stderr }))
  })
}

describe('runi … | head', () => {
  it('exits 0 without a word when the reader closes the pipe', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await runiClosedEarly(
        'synth',
        'examples/trades/contracts/trade.yaml',
        '-n',
        '200000',
        '--seed',
        String(i),
      )
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
    }
  })
})

describe('quietOnClosedPipes', () => {
  const epipe = (): Error => Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })
  const exitRecorder = (): { codes: number[]; exit: (code: number) => never } => {
    const codes: number[] = []
    return { codes, exit: ((code: number) => void codes.push(code)) as (code: number) => never }
  }

  it('exits 0 on a closed pipe, but lets a cancellable run finish with its output dropped', () => {
    const out = new PassThrough()
    const { codes, exit } = exitRecorder()
    quietOnClosedPipes([out], exit)
    out.emit('error', epipe())
    expect(codes).toEqual([0])

    const during = new PassThrough()
    const running = exitRecorder()
    quietOnClosedPipes([during], running.exit)
    const off = onStopSignal(() => undefined)
    try {
      during.emit('error', epipe())
      during.emit('error', new Error('write after end'))
    } finally {
      off()
    }
    expect(running.codes).toEqual([])
  })

  it('any other output error is one line on the other stream and exit 1', () => {
    const out = new PassThrough()
    const err = new PassThrough()
    let said = ''
    err.on('data', (c: Buffer) => (said += c.toString()))
    const { codes, exit } = exitRecorder()
    quietOnClosedPipes([out, err], exit)
    out.emit('error', Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }))
    expect(codes).toEqual([1])
    expect(said).toBe('internal error: cannot write output: no space left on device\n')
  })
})
