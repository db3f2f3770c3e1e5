import type { DiskExcess } from './disk-watch.js'
import type { CgroupOutcome } from './slice-cgroup.js'
import { SliceExitReason } from './slice-launcher.js'
import { formatBytes, formatMillis, type SliceLimits } from './slice-limits.js'
import { MAX_STAGING_ENTRIES } from './staging-usage.js'

/** What is known about how a slice ended. */
export interface ExitFacts {
  readonly exitCode: number | null
  readonly signal: string | null
  /** Set when the caller killed the slice. */
  readonly requested?: 'killed' | 'cancelled'
  readonly timedOut: boolean
  /** Set when the slice was killed for what it held in staging: too many bytes or entries. */
  readonly diskExceeded?: DiskExcess
  readonly cgroup?: CgroupOutcome
  readonly limits: SliceLimits
  /** The error when the process could not even start. */
  readonly spawnError?: string
}

/**
 * Why the slice ended and a sentence saying so. Limits are blamed only on evidence from the
 * kernel (the cgroup's OOM-kill and pids-limit counters), never guessed from an exit code.
 */
export function explainExit(facts: ExitFacts): { reason: SliceExitReason; message: string } {
  const { limits, cgroup } = facts
  if (facts.spawnError !== undefined)
    return { reason: SliceExitReason.failed, message: `could not start: ${facts.spawnError}` }
  if (facts.requested === 'cancelled')
    return { reason: SliceExitReason.cancelled, message: 'was cancelled' }
  if (facts.requested === 'killed') return { reason: SliceExitReason.killed, message: 'was killed' }
  if (facts.diskExceeded === 'entries')
    return {
      reason: SliceExitReason.disk,
      message: `made more than ${MAX_STAGING_ENTRIES} files and folders in staging`,
    }
  if (facts.diskExceeded === 'bytes')
    return {
      reason: SliceExitReason.disk,
      message: `exceeded its disk limit of ${formatBytes(limits.diskBytes)} in staging`,
    }
  const succeeded = facts.exitCode === 0 && !facts.timedOut
  if (!succeeded && cgroup !== undefined && cgroup.oomKills > 0)
    return {
      reason: SliceExitReason.memory,
      message: `exceeded its memory limit of ${formatBytes(limits.memoryBytes)}`,
    }
  if (!succeeded && cgroup !== undefined && cgroup.pidsLimitHits > 0)
    return {
      reason: SliceExitReason.pids,
      message: `hit its limit of ${limits.pids} processes${facts.timedOut ? ` and was stopped after ${formatMillis(limits.timeoutMs)}` : ''}`,
    }
  if (facts.timedOut)
    return {
      reason: SliceExitReason.timeout,
      message: `timed out after ${formatMillis(limits.timeoutMs)}`,
    }
  if (succeeded) return { reason: SliceExitReason.ok, message: 'finished' }
  if (facts.signal === 'SIGXFSZ')
    return {
      reason: SliceExitReason.disk,
      message: `wrote a file over its limit of ${formatBytes(limits.maxFileBytes)}`,
    }
  if (facts.signal !== null)
    return { reason: SliceExitReason.failed, message: `was killed by ${facts.signal}` }
  return { reason: SliceExitReason.failed, message: `exited with code ${String(facts.exitCode)}` }
}
