import { readFileSync } from 'node:fs'
import { probeCgroupHost } from '../cgroup-host.js'

/** True when the tests run as root; CI runs the sandbox tests as root and as a plain user. */
export const testsRunAsRoot = process.geteuid?.() === 0

/**
 * The argv that runs `argv` as an unprivileged user: `nobody` through `runuser` when the tests
 * run as root, else this (already unprivileged) user as it is.
 */
export function unprivileged(argv: readonly string[]): [string, string[]] {
  if (testsRunAsRoot) return ['runuser', ['-u', 'nobody', '--', ...argv]]
  const [command = '', ...args] = argv
  return [command, args]
}

/** The host uid {@link unprivileged} runs as. */
export function unprivilegedUid(): number {
  if (!testsRunAsRoot) return process.getuid?.() ?? -1
  return Number(/^nobody:[^:]*:(\d+):/m.exec(readFileSync('/etc/passwd', 'utf8'))?.[1])
}

/**
 * Whether cgroups enforce slices' memory, CPU and pids for the user the tests run as: always
 * for root on the hosts CI uses; for a user only inside a delegated cgroup.
 */
export function cgroupsEnforce(): boolean {
  const parents = probeCgroupHost('runink').host?.parents ?? {}
  return testsRunAsRoot || ['memory', 'pids', 'cpu'].every((c) => c in parents)
}

/** The isolation a launcher of `mode` records for the user the tests run as. */
export function expectedIsolation(mode: 'sandbox' | 'process'): string {
  return cgroupsEnforce() ? mode : `${mode}-rlimits`
}
