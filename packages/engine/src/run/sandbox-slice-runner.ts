import { existsSync } from 'node:fs'
import path from 'node:path'
import { BARN_DIR } from '@runink/store'
import { canonicalJson } from '@runink/core'
import type { SliceJob } from '../stage/index.js'
import {
  createSupervisor,
  type IsolationMode,
  type LaunchRequest,
  type SliceExit,
  type SliceLauncher,
} from '../sandbox/index.js'
import { parseSliceLog, parseSliceResult } from './parse-slice-output.js'
import type { StageResources } from './runnable-stage.js'
import {
  sliceHostCommand,
  sliceHostPath,
  sliceHostSnapshot,
  sliceHostWarning,
} from './slice-host-path.js'
import type { SliceGrants, SliceOutcome, SliceRunner, SliceWatch } from './slice-runner.js'

/** Options of {@link createSliceRunner}. */
export interface SliceRunnerOptions {
  /** `--isolation`: sandbox (namespaces + cgroups), process (rlimits only) or none. */
  readonly mode?: IsolationMode
  /** Where slices get their fresh staging folders (keep it on the targets' file system). */
  readonly stagingRoot?: string
  /** A launcher to use instead of starting a supervisor (tests). */
  readonly launcher?: SliceLauncher & {
    prespawn?(template: LaunchRequest, count: number): Promise<void>
  }
}

/** Runink's own code (its packages and their node_modules), mounted read-only in slices. */
function runtimeMounts(): string[] {
  const root = path.resolve(path.dirname(sliceHostPath()), '..', '..', '..', '..')
  return ['packages', 'node_modules'].map((d) => path.join(root, d)).filter((d) => existsSync(d))
}

/** Reasons a retry can cure: a crash, a kill, a timeout. Memory and pids limits come back. */
const RETRYABLE = new Set(['timeout', 'killed', 'failed'])

/** Folders a slice must read: Runink itself, its inputs, its step code. Sorted, so equal jobs share a template. */
function readOnlyPaths(job: SliceJob, runtime: readonly string[]): string[] {
  const paths = new Set<string>(runtime)
  for (const s of job.sources) paths.add(path.dirname(s.path))
  for (const step of job.steps) {
    if (step.kind === 'module') paths.add(path.dirname(step.module))
    if (step.kind === 'exec') paths.add(step.cwd)
  }
  return [...paths].sort()
}

/**
 * Barn folders (`.runink/`: database, objects, keys) directly inside a mounted folder, such as
 * the project folder an exec step runs in: the slice must not see them.
 */
function hiddenPaths(readOnly: readonly string[]): string[] {
  return readOnly.map((dir) => path.join(dir, BARN_DIR)).filter((dir) => existsSync(dir))
}

/**
 * Runs slices through a supervisor process that starts sandboxes (never from this event
 * loop). Each slice is the slice host reading its job on stdin, with Runink, its inputs and
 * its step code read-only and only a fresh staging folder writable; sink paths in the job are
 * relative to that folder. After each launch the supervisor keeps two sandboxes of the same
 * shape started, so the next such slice (the next stage of a chain) starts in milliseconds.
 */
export async function createSliceRunner(options: SliceRunnerOptions = {}): Promise<SliceRunner> {
  const launcher =
    options.launcher ??
    (await createSupervisor({
      mode: options.mode ?? 'sandbox',
      ...(options.stagingRoot ? { stagingRoot: options.stagingRoot } : {}),
    }))
  const snapshot = sliceHostSnapshot()
  const host = { program: sliceHostPath(), ...(snapshot === undefined ? {} : { snapshot }) }
  const slow = sliceHostWarning(host)
  const runtime = runtimeMounts()
  const warmed = new Set<string>()
  return {
    isolation: launcher.isolation,
    warnings: slow === undefined ? launcher.warnings : [...launcher.warnings, slow],
    close: () => launcher.close(),
    async run(
      job: SliceJob,
      resources: StageResources,
      watch: SliceWatch,
      grants?: SliceGrants,
    ): Promise<SliceOutcome> {
      const readOnly = readOnlyPaths(job, runtime)
      const template: LaunchRequest = {
        command: sliceHostCommand(job, host),
        readOnly,
        hidden: hiddenPaths(readOnly),
        network: grants?.network === true,
        limits: {
          ...(resources.memoryBytes ? { memoryBytes: resources.memoryBytes } : {}),
          ...(resources.cpuMillis ? { cpuMillis: resources.cpuMillis } : {}),
          ...(resources.timeoutMs ? { timeoutMs: resources.timeoutMs } : {}),
        },
      }
      const handle = await launcher.launch({ ...template, input: JSON.stringify(job) })
      const key = canonicalJson(template)
      if (launcher.prespawn && !warmed.has(key)) {
        warmed.add(key)
        void launcher.prespawn(template, 2).catch(() => warmed.delete(key))
      }
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
      // The run may have been cancelled while this slice was being launched.
      if (watch.signal?.aborted) onAbort()
      else watch.signal?.addEventListener('abort', onAbort, { once: true })
      let exit: SliceExit
      try {
        exit = await handle.wait()
      } finally {
        watch.signal?.removeEventListener('abort', onAbort)
      }
      if (rest) watch.onLog?.(rest, 'stderr')
      return outcomeOf(exit, stdout, handle.stagingDir)
    },
  }
}

function outcomeOf(exit: SliceExit, stdout: string, stagingDir: string): SliceOutcome {
  const result =
    exit.reason === 'ok' || exit.reason === 'failed' ? parseSliceResult(stdout) : undefined
  const extra = exit.peakMemoryBytes === undefined ? {} : { peakMemoryBytes: exit.peakMemoryBytes }
  if (result?.ok) {
    // Sink paths in the job are relative to the slice's staging folder: make them absolute.
    const sinks = result.report.sinks.map((s) => ({
      ...s,
      stagingPath: path.resolve(stagingDir, s.stagingPath),
    }))
    return {
      ok: true,
      report: { ...result.report, sinks },
      isolation: exit.isolation,
      stagingDir,
      ...extra,
    }
  }
  if (result) {
    return {
      ok: false,
      end: 'failed',
      code: result.error.code,
      message: result.error.message,
      isolation: exit.isolation,
      retryable: false,
      stagingDir,
    }
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
    stagingDir,
  }
}
