import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import type { SliceJob } from '../stage/index.js'
import { parseSliceLog, parseSliceResult } from './parse-slice-output.js'
import type { StageResources } from './runnable-stage.js'
import { sliceHostPath } from './slice-host-path.js'
import type { SliceOutcome, SliceRunner, SliceWatch } from './slice-runner.js'
import { formatDuration } from './format-size.js'

/**
 * Runs each slice as a plain child process: no namespaces and no cgroups, only a timeout and a
 * V8 heap cap. Recorded honestly as `isolation: none`. Used with `--isolation none` and where
 * the host cannot isolate.
 */
export function createProcessSliceRunner(
  options: { node?: string; warnings?: string[] } = {},
): SliceRunner {
  const node = options.node ?? process.execPath
  const host = sliceHostPath()
  return {
    isolation: 'none',
    warnings: options.warnings ?? [],
    run: (job, resources, watch) => runChild(node, host, job, resources, watch),
    close: async () => undefined,
  }
}

function runChild(
  node: string,
  host: string,
  job: SliceJob,
  resources: StageResources,
  watch: SliceWatch,
): Promise<SliceOutcome> {
  const args: string[] = []
  if (resources.memoryBytes)
    args.push(`--max-old-space-size=${Math.max(16, Math.floor(resources.memoryBytes / 2 ** 20))}`)
  const child = spawn(node, [...args, host], { stdio: ['pipe', 'pipe', 'pipe'] })
  let stdout = ''
  let ended: 'timeout' | 'cancelled' | undefined
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')))
  createInterface({ input: child.stderr }).on('line', (line) => {
    const parsed = parseSliceLog(line)
    if (parsed.progress) watch.onProgress?.(parsed.progress)
    else watch.onLog?.(parsed.text, 'stderr')
  })
  const timer = resources.timeoutMs
    ? setTimeout(() => {
        ended = 'timeout'
        child.kill('SIGKILL')
      }, resources.timeoutMs)
    : undefined
  const onAbort = (): void => {
    ended = 'cancelled'
    child.kill('SIGKILL')
  }
  watch.signal?.addEventListener('abort', onAbort, { once: true })
  child.stdin.on('error', () => undefined)
  child.stdin.end(JSON.stringify(job))
  return new Promise((resolve) => {
    child.once('error', (error) => {
      resolve({
        ok: false,
        end: 'failed',
        code: 'RUNINK_SLICE_LAUNCH_FAILED',
        message: error.message,
        isolation: 'none',
        retryable: true,
      })
    })
    child.once('close', (code, signal) => {
      if (timer) clearTimeout(timer)
      watch.signal?.removeEventListener('abort', onAbort)
      if (ended === 'timeout') {
        resolve({
          ok: false,
          end: 'timeout',
          code: 'RUNINK_SLICE_TIMEOUT',
          message: `timed out after ${formatDuration(resources.timeoutMs ?? 0)}`,
          isolation: 'none',
          retryable: true,
        })
        return
      }
      if (ended === 'cancelled') {
        resolve({
          ok: false,
          end: 'cancelled',
          code: 'RUNINK_SLICE_CANCELLED',
          message: 'cancelled',
          isolation: 'none',
          retryable: false,
        })
        return
      }
      const result = parseSliceResult(stdout)
      if (result?.ok) resolve({ ok: true, report: result.report, isolation: 'none' })
      else if (result)
        resolve({
          ok: false,
          end: 'failed',
          code: result.error.code,
          message: result.error.message,
          isolation: 'none',
          retryable: false,
        })
      else
        resolve({
          ok: false,
          end: signal ? 'killed' : 'failed',
          code: 'RUNINK_SLICE_CRASHED',
          message: `slice process ${signal ? `was killed by ${signal}` : `exited with code ${code}`} before reporting`,
          isolation: 'none',
          retryable: true,
        })
    })
  })
}
