import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import type { DataRecord } from '../connectors/index.js'
import type { BatchTransform } from './batch-transform.js'
import type { StepLogger } from './define-step.js'
import { StageError } from './stage-error.js'

/**
 * An external command as a step: NDJSON records on its stdin, NDJSON records from its stdout,
 * stderr lines to the log (labelled with the step's name). Any language joins a pipeline this way.
 */
export function execStep(
  step: { readonly name: string; readonly command: string; readonly cwd: string },
  log: StepLogger,
  env: Record<string, string> = {},
): BatchTransform {
  const { name, command, cwd } = step
  return async function* exec(input) {
    const child = spawn('/bin/sh', ['-c', command], {
      cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    })
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) =>
      child.once('close', (code, signal) => ok({ code, signal })),
    )
    const spawnError = new Promise<never>((_, fail) => child.once('error', fail))
    spawnError.catch(() => undefined)
    const tail: string[] = []
    createInterface({ input: child.stderr }).on('line', (line) => {
      log.info(line, { step: name })
      tail.push(line)
      if (tail.length > 5) tail.shift()
    })
    let writeError: unknown
    const feed = (async () => {
      try {
        for await (const batch of input) {
          let text = ''
          for (const r of batch) text += `${JSON.stringify(r)}\n`
          if (child.stdin.destroyed || child.exitCode !== null) break
          if (!child.stdin.write(text)) {
            // Wait for room, unless the command exits (or closes stdin) first.
            await Promise.race([once(child.stdin, 'drain'), once(child.stdin, 'close'), exited])
          }
        }
      } catch (error) {
        writeError = error
      } finally {
        child.stdin.end()
      }
    })()
    child.stdin.on('error', () => undefined) // EPIPE when the command exits early: reported by its exit code
    try {
      yield* records()
    } finally {
      // Ended early (a sink failed, the consumer stopped): the command must not outlive its
      // step, blocked on a full pipe and keeping the slice host alive until its timeout.
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    }

    async function* records(): AsyncGenerator<DataRecord[]> {
      let lineNo = 0
      let batch: DataRecord[] = []
      for await (const line of createInterface({ input: child.stdout })) {
        lineNo++
        if (line.trim() === '') continue
        let value: unknown
        try {
          value = JSON.parse(line)
        } catch {
          throw new StageError(
            'RUNINK_STAGE_STEP_FAILED',
            `exec step "${command}": output line ${lineNo} is not JSON: ${line.slice(0, 80)}`,
          )
        }
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          throw new StageError(
            'RUNINK_STAGE_STEP_FAILED',
            `exec step "${command}": output line ${lineNo} is not a record object`,
          )
        }
        batch.push(value as DataRecord)
        if (batch.length >= 1024) {
          yield batch
          batch = []
        }
      }
      await feed
      const { code, signal } = await Promise.race([exited, spawnError])
      if (code !== 0) {
        throw new StageError(
          'RUNINK_STAGE_STEP_FAILED',
          `exec step "${command}" exited with ${signal ? `signal ${signal}` : `code ${code}`}` +
            (tail.length > 0 ? `; its last output:\n    ${tail.join('\n    ')}` : ''),
          { command, code, signal },
        )
      }
      // A write error matters only when the command did not fail on its own (which explains it).
      if (writeError && (writeError as { code?: string }).code !== 'EPIPE') throw writeError
      if (batch.length > 0) yield batch
    }
  }
}
