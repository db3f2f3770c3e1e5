import { Isolation } from '@runink/core'
import { CGROUP_CONTROLLERS, type CgroupController, type CgroupHost } from './cgroup-host.js'
import { SandboxError } from './sandbox-error.js'
import { formatBytes, type SliceLimits } from './slice-limits.js'

/** How to get limits enforced where they are not: said in every refusal. */
export const ENFORCE_HINT =
  'run as root (cgroup v1 or v2), or on cgroup v2 inside a delegated scope ' +
  '(systemd-run --user --scope -p Delegate=yes runi run …)'

/** The controllers whose limits the kernel enforces for slices of this host (none without cgroups). */
export function enforcedControllers(host: CgroupHost | undefined): CgroupController[] {
  return host === undefined ? [] : CGROUP_CONTROLLERS.filter((c) => host.parents[c] !== undefined)
}

/**
 * The isolation to record: the backend's, marked `-rlimits` unless every cgroup controller
 * (memory, CPU, pids) enforces its limit, so a status never says more than was applied.
 */
export function appliedIsolation(
  base: Isolation,
  enforced: readonly CgroupController[],
): Isolation {
  if (CGROUP_CONTROLLERS.every((c) => enforced.includes(c))) return base
  if (base === Isolation.sandbox) return Isolation.sandboxRlimits
  if (base === Isolation.process) return Isolation.processRlimits
  return base
}

/** The limits a launch asks for explicitly that no cgroup controller here enforces. */
export function unenforcedRequest(
  limits: Partial<SliceLimits> | undefined,
  enforced: readonly CgroupController[],
): string[] {
  const asked: Array<[CgroupController, string | undefined]> = [
    ['memory', limits?.memoryBytes === undefined ? undefined : formatBytes(limits.memoryBytes)],
    ['cpu', limits?.cpuMillis === undefined ? undefined : `${limits.cpuMillis}m`],
    ['pids', limits?.pids === undefined ? undefined : String(limits.pids)],
  ]
  return asked
    .filter(([controller, value]) => value !== undefined && !enforced.includes(controller))
    .map(([controller, value]) => `${controller} ${String(value)}`)
}

/**
 * Refuses a launch whose explicit memory, CPU or pids limit would not be enforced (RLIMIT_AS
 * is no memory limit for node, and rlimits have none for CPU or process counts), unless the
 * caller allowed it. `why` says what is missing on this host.
 */
export function checkLimitsEnforceable(
  limits: Partial<SliceLimits> | undefined,
  enforced: readonly CgroupController[],
  why: string,
  allowed: boolean,
): void {
  if (allowed) return
  const missing = unenforcedRequest(limits, enforced)
  if (missing.length === 0) return
  throw new SandboxError(
    'RUNINK_SANDBOX_LIMITS_UNENFORCED',
    `the stage asks for ${missing.join(', ')}, which this host cannot enforce: ${why}; ` +
      `fix: ${ENFORCE_HINT}, or pass --allow-unenforced-limits to run without them`,
    { missing, why },
  )
}
