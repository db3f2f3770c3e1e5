import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, describe, expect, it } from 'vitest'
import type { RecordBatches } from '../connectors/index.js'
import { execStep } from './exec-step.js'

const dir = mkdtempSync(join(tmpdir(), 'runink-exec-step-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('execStep', () => {
  it('kills its command when the stage stops reading early (a sink failed), so it cannot block the slice', async () => {
    // `yes` writes records forever and blocks on a full pipe once nobody reads it.
    const pidFile = join(dir, 'pid')
    const transform = execStep(
      { name: 'flood', command: `echo $$ > ${pidFile}; exec yes '{"a":1}'`, cwd: dir },
      quiet,
    )
    const none: RecordBatches = (async function* () {})()
    const batches = transform(none)[Symbol.asyncIterator]()
    const first = await batches.next()
    expect(first.done).toBe(false)
    expect(first.value).toHaveLength(1024)
    const pid = Number(readFileSync(pidFile, 'utf8'))
    expect(alive(pid)).toBe(true)
    // What a consumer does when its sink throws: it stops iterating.
    await batches.return?.(undefined)
    for (let waited = 0; waited < 2000 && alive(pid); waited += 20) await sleep(20)
    expect(alive(pid)).toBe(false)
  })

  it('passes records through a command and ends when it does', async () => {
    const transform = execStep({ name: 'cat', command: 'cat', cwd: dir }, quiet)
    const input: RecordBatches = (async function* () {
      yield [{ a: 1 }, { a: 2 }]
    })()
    const out = []
    for await (const batch of transform(input)) out.push(...batch)
    expect(out).toEqual([{ a: 1 }, { a: 2 }])
  })
})
