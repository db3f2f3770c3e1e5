import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

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
