import { describe, expect, it } from 'vitest'
import { explainExit } from './explain-exit.js'
import { resolveLimits, formatBytes, formatMillis } from './slice-limits.js'

const limits = resolveLimits({ memoryBytes: 256 * 1024 * 1024, pids: 32, timeoutMs: 2000 })
const quiet = { oomKills: 0, pidsLimitHits: 0 }

describe('explainExit', () => {
  it('blames memory only on the kernel OOM-kill counter', () => {
    expect(
      explainExit({
        exitCode: null,
        signal: 'SIGKILL',
        timedOut: false,
        limits,
        cgroup: { ...quiet, oomKills: 1 },
      }),
    ).toEqual({
      reason: 'memory',
      message: 'exceeded its memory limit of 256Mi',
    })
    // A SIGKILL with no OOM kill recorded is not a memory failure.
    expect(
      explainExit({ exitCode: null, signal: 'SIGKILL', timedOut: false, limits, cgroup: quiet })
        .reason,
    ).toBe('failed')
  })

  it('names the pids limit, the timeout, requests and plain failures', () => {
    const pids = explainExit({
      exitCode: null,
      signal: 'SIGKILL',
      timedOut: true,
      limits,
      cgroup: { ...quiet, pidsLimitHits: 9 },
    })
    expect(pids).toEqual({
      reason: 'pids',
      message: 'hit its limit of 32 processes and was stopped after 2s',
    })
    expect(explainExit({ exitCode: null, signal: 'SIGKILL', timedOut: true, limits })).toEqual({
      reason: 'timeout',
      message: 'timed out after 2s',
    })
    expect(
      explainExit({
        exitCode: null,
        signal: 'SIGKILL',
        timedOut: false,
        requested: 'cancelled',
        limits,
      }).reason,
    ).toBe('cancelled')
    expect(explainExit({ exitCode: 2, signal: null, timedOut: false, limits }).message).toBe(
      'exited with code 2',
    )
    expect(
      explainExit({
        exitCode: 0,
        signal: null,
        timedOut: false,
        limits,
        cgroup: { ...quiet, pidsLimitHits: 3 },
      }).reason,
    ).toBe('ok')
    expect(
      explainExit({ exitCode: null, signal: null, timedOut: false, limits, spawnError: 'ENOENT' })
        .message,
    ).toBe('could not start: ENOENT')
  })

  it('formats sizes and durations the way stages declare them', () => {
    expect(formatBytes(256 * 1024 * 1024)).toBe('256Mi')
    expect(formatBytes(3 * 1024 ** 3)).toBe('3Gi')
    expect(formatBytes(1500)).toBe('1500')
    expect(formatMillis(2000)).toBe('2s')
    expect(formatMillis(1500)).toBe('1.5s')
    expect(formatMillis(250)).toBe('250ms')
  })

  it('names the disk limit when the staging watch killed the slice, or a file hit RLIMIT_FSIZE', () => {
    const small = resolveLimits({ diskBytes: 1024 * 1024 * 1024 })
    expect(
      explainExit({
        exitCode: null,
        signal: 'SIGKILL',
        timedOut: false,
        diskExceeded: 'bytes',
        limits: small,
      }),
    ).toEqual({ reason: 'disk', message: 'exceeded its disk limit of 1Gi in staging' })
    expect(
      explainExit({
        exitCode: 0,
        signal: null,
        timedOut: false,
        diskExceeded: 'entries',
        limits: small,
      }),
    ).toEqual({ reason: 'disk', message: 'made more than 100000 files and folders in staging' })
    expect(
      explainExit({ exitCode: null, signal: 'SIGXFSZ', timedOut: false, limits: small }),
    ).toEqual({ reason: 'disk', message: 'wrote a file over its limit of 1088Mi' })
  })
})
