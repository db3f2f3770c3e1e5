import { canonicalJson, type IsolationRequest } from '@runink/core'
import { SLICE_JOB } from '@runink/protocol'
import type { SliceJob } from '../stage/index.js'
import {
  createSupervisor,
  type LaunchRequest,
  type SliceExit,
  type SliceLauncher,
} from '@runink/sandbox'
import { readSlice } from './read-slice.js'
import { hiddenPaths, readOnlyPaths, runtimeMounts } from './slice-mounts.js'
import { outcomeOf } from './slice-outcome.js'
import type { StageResources } from './runnable-stage.js'
import { SLICE_STREAM_LIMITS, type SliceStreamLimits } from './slice-stream-limits.js'
import {
  sliceHostCommand,
  sliceHostPath,
  sliceHostSnapshot,
  sliceHostWarning,
} from './slice-host-path.js'
import type { SliceGrants, SliceOutcome, SliceRunner, SliceWatch } from './slice-runner.js'

/** Options of {@link createSliceRunner}. */
export interface SliceRunnerOptions {
  /** `--isolation` (core's `IsolationRequest`): sandbox (namespaces + cgroups), process or none. */
  readonly mode?: IsolationRequest
  /** Where slices get their fresh staging folders (keep it on the targets' file system). */
  readonly stagingRoot?: string
  /** Run stages whose memory or CPU request cannot be enforced here, without it. */
  readonly allowUnenforcedLimits?: boolean
  /** Bounds on what the host reads from each slice (defaults: SLICE_STREAM_LIMITS). */
  readonly limits?: Partial<SliceStreamLimits>
  /** A launcher to use instead of starting a supervisor (tests). */
  readonly launcher?: SliceLauncher & {
    prespawn?(template: LaunchRequest, count: number): Promise<void>
    readonly pid?: number
  }
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
      ...(options.allowUnenforcedLimits ? { allowUnenforcedLimits: true } : {}),
    }))
  const snapshot = sliceHostSnapshot()
  const host = { program: sliceHostPath(), ...(snapshot === undefined ? {} : { snapshot }) }
  const slow = sliceHostWarning(host)
  const runtime = runtimeMounts()
  const warmed = new Set<string>()
  return {
    isolation: launcher.isolation,
    warnings: slow === undefined ? launcher.warnings : [...launcher.warnings, slow],
    ...(launcher.pid === undefined ? {} : { pids: [launcher.pid] }),
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
          ...(resources.diskBytes ? { diskBytes: resources.diskBytes } : {}),
          ...(resources.timeoutMs ? { timeoutMs: resources.timeoutMs } : {}),
        },
      }
      const handle = await launcher.launch({
        ...template,
        input: JSON.stringify({ ...SLICE_JOB, ...job }),
      })
      const key = canonicalJson(template)
      if (launcher.prespawn && !warmed.has(key)) {
        warmed.add(key)
        void launcher.prespawn(template, 2).catch(() => warmed.delete(key))
      }
      const read = readSlice(handle, watch, { ...SLICE_STREAM_LIMITS, ...options.limits })
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
      return outcomeOf(exit, read.done(), job.sinks)
    },
  }
}
