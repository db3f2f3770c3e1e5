import { existsSync, statSync } from 'node:fs'
import type { SystemView } from './system-view.js'
import { isSystemPath } from './system-view.js'

/** The uid and gid a sandboxed slice runs as (nobody). */
export const SANDBOX_ID = 65534

/** A host path bound into the sandbox at the same path. */
export interface Bind {
  readonly path: string
  readonly writable: boolean
  /** Covered by an empty tmpfs instead of bound: what is under it stays out of sight. */
  readonly hidden?: boolean
}

/** What a sandbox shows: the system view, then the slice's own binds. */
export interface SandboxLayout {
  readonly view: SystemView
  /** Sorted so a parent is bound before anything inside it. */
  readonly binds: readonly Bind[]
  readonly cwd: string
  readonly network: boolean
  /** The view's /etc as one prepared folder plus its directories (bwrap; see EtcCopy). */
  readonly etc?: { readonly path: string; readonly dirs: readonly string[] }
  /** The descriptor bwrap reads the seccomp program from (see sliceSeccompFilter). */
  readonly seccompFd?: number
}

/** /proc entries a slice may read but never write (Docker's read-only paths). */
const PROC_READ_ONLY = ['/proc/sys', '/proc/sysrq-trigger', '/proc/irq', '/proc/bus', '/proc/fs']
/** /proc entries hidden from a slice (Docker's masked paths). */
const PROC_MASKED = [
  '/proc/kcore',
  '/proc/keys',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/latency_stats',
  '/proc/sched_debug',
  '/proc/acpi',
  '/proc/scsi',
  '/proc/asound',
]

/** What a sandbox does to its fresh /proc: entries made read-only, files and folders covered. */
export interface ProcHardening {
  readonly readOnly: readonly string[]
  readonly maskedFiles: readonly string[]
  readonly maskedDirs: readonly string[]
}

let hardening: ProcHardening | undefined

/**
 * The /proc hardening for this kernel: only entries it has (a bind onto a missing entry fails).
 * `/proc/sys` read-only matters most: its files grant writes by uid, and `kernel/core_pattern`
 * names a program the host runs as root.
 */
export function procHardening(): ProcHardening {
  if (hardening !== undefined) return hardening
  const readOnly = PROC_READ_ONLY.filter((p) => existsSync(p))
  const masked = PROC_MASKED.filter((p) => existsSync(p))
  const isDir = (p: string): boolean => statSync(p).isDirectory()
  hardening = {
    readOnly,
    maskedFiles: masked.filter((p) => !isDir(p)),
    maskedDirs: masked.filter(isDir),
  }
  return hardening
}

/** The binds of a slice: inputs and code read-only, its staging directory writable. */
export function sliceBinds(
  readOnly: readonly string[],
  stagingDir: string,
  view: SystemView,
  hidden: readonly string[] = [],
): Bind[] {
  const binds = new Map<string, Bind>()
  for (const path of readOnly)
    if (!isSystemPath(path, view)) binds.set(path, { path, writable: false })
  // Sorted by path, a hidden folder is covered before anything bound inside it is mounted.
  for (const path of hidden) binds.set(path, { path, writable: false, hidden: true })
  binds.set(stagingDir, { path: stagingDir, writable: true })
  return [...binds.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}
