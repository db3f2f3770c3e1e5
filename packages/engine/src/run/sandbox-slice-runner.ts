import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import type { SliceJob } from '../stage/index.js'
import {
  createLocalLauncher,
  type IsolationMode,
  type SliceExit,
  type SliceLauncher,
} from '../sandbox/index.js'
import { parseSliceLog, parseSliceResult } from './parse-slice-output.js'
import type { StageResources } from './runnable-stage.js'
import { sliceHostPath } from './slice-host-path.js'
import type { SliceOutcome, SliceRunner, SliceWatch } from './slice-runner.js'

/** Options of {@link createSliceRunner}. */
export interface SliceRunnerOptions {
  /** `--isolation`: sandbox (namespaces + cgroups), process (rlimits only) or none. */
  readonly mode?: IsolationMode
  /** A launcher to use instead of a local one (a supervisor's client, a test's). */
  readonly launcher?: SliceLauncher
}

/** The folder Runink runs from (its packages and node_modules), mounted read-only in slices. */
function installRoot(): string {
  return path.resolve(path.dirname(sliceHostPath()), '..', '..', '..', '..')
}

/** Reasons a retry can cure: a crash, a kill, a timeout. Memory and pids limits come back. */
const RETRYABLE = new Set(['timeout', 'killed', 'failed'])

/**
 * Runs slices through a `SliceLauncher` (the sandbox): each slice is the slice host reading its
 * job on stdin, with the feature's folder, the inputs and Runink itself mounted read-only and
 * only its staging folder writable.
 */
export async function createSliceRunner(options: SliceRunnerOptions = {}): Promise<SliceRunner> {
  const launcher = options.launcher ?? createLocalLauncher({ mode: options.mode ?? 'sandbox' })
  const host = sliceHostPath()
  const root = installRoot()
  return {
    isolation: launcher.isolation,
    warnings: launcher.warnings,
    close: () => launcher.close(),
    async run(job: SliceJob, resources: StageResources, watch: SliceWatch): Promise<SliceOutcome> {
      const stagingDir = path.dirname(
        job.sinks[0]?.stagingPath ?? path.join(root, '.runink', 'staging'),
      )
      const readOnly = new Set<string>([root])
      for (const s of job.sources) readOnly.add(path.dirname(s.path))
      for (const step of job.steps) {
        if (step.kind === 'module') readOnly.add(path.dirname(step.module))
        if (step.kind === 'exec') readOnly.add(step.cwd)
      }
      await mkdir(stagingDir, { recursive: true })
      const handle = await launcher.launch({
        command: [process.execPath, host],
        stagingDir,
        cwd: stagingDir,
        readOnly: [...readOnly],
        network: false,
        input: JSON.stringify(job),
        limits: {
          ...(resources.memoryBytes ? { memoryBytes: resources.memoryBytes } : {}),
          ...(resources.cpuMillis ? { cpuMillis: resources.cpuMillis } : {}),
          ...(resources.timeoutMs ? { timeoutMs: resources.timeoutMs } : {}),
        },
      })
      let stdout = ''
      handle.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')))
      let rest = ''
      handle.stderr.on('data', (c: Buffer) => {
        const lines = (rest + c.toString('utf8')).split('\n')
        rest = lines.pop() ?? ''
        for (const line of lines) {
          const parsed = parseSliceLog(line)
          if (parsed.progress) watch.onProgress?.(parsed.progress)
          else watch.onLog?.(parsed.text, 'stderr')
        }
      })
      const onAbort = (): void => handle.kill('cancelled')
      watch.signal?.addEventListener('abort', onAbort, { once: true })
      let exit: SliceExit
      try {
        exit = await handle.wait()
      } finally {
        watch.signal?.removeEventListener('abort', onAbort)
      }
      if (rest) watch.onLog?.(rest, 'stderr')
      return outcomeOf(exit, stdout)
    },
  }
}

function outcomeOf(exit: SliceExit, stdout: string): SliceOutcome {
  const result =
    exit.reason === 'ok' || exit.reason === 'failed' ? parseSliceResult(stdout) : undefined
  const extra = exit.peakMemoryBytes === undefined ? {} : { peakMemoryBytes: exit.peakMemoryBytes }
  if (result?.ok) return { ok: true, report: result.report, isolation: exit.isolation, ...extra }
  if (result)
    return {
      ok: false,
      end: 'failed',
      code: result.error.code,
      message: result.error.message,
      isolation: exit.isolation,
      retryable: false,
    }
  return {
    ok: false,
    end: exit.reason === 'ok' ? 'failed' : exit.reason,
    code: `RUNINK_SLICE_${exit.reason.toUpperCase()}`,
    message:
      exit.reason === 'failed' || exit.reason === 'ok'
        ? `slice process ${exit.message} before reporting a result`
        : exit.message,
    isolation: exit.isolation,
    retryable: RETRYABLE.has(exit.reason),
  }
}
