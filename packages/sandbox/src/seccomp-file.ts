import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { hostSyscallArch } from './seccomp-arch.js'
import { sliceSeccompFilter } from './seccomp-filter.js'

/** The descriptor a slice's seccomp program is opened on for `bwrap --seccomp` (0–3 are the slice's pipes). */
export const SECCOMP_FD = 9

/**
 * Writes the slice seccomp program for this architecture into `dir` (the launcher's private
 * folder) and returns its path, or undefined with a warning where Runink has no syscall table.
 */
export function writeSliceSeccomp(dir: string, warnings: string[]): string | undefined {
  const arch = hostSyscallArch()
  if (arch === undefined) {
    warnings.push(
      `slices run without a seccomp filter: Runink has no system-call table for ${process.arch}`,
    )
    return undefined
  }
  const path = join(dir, 'seccomp.bpf')
  writeFileSync(path, sliceSeccompFilter(arch), { mode: 0o600 })
  return path
}

/**
 * `argv` (a bwrap command line) started with the seccomp program open on SECCOMP_FD, and as
 * `setprivAs` options say (the slice account) when given: a shell opens the file while still
 * privileged, then setpriv drops to the account and execs bwrap, which reads and closes it.
 */
export function withSeccompAndUser(
  argv: readonly string[],
  seccompPath: string | undefined,
  setpriv: { readonly path: string; readonly options: readonly string[] } | undefined,
): string[] {
  const dropped =
    setpriv === undefined ? [...argv] : [setpriv.path, ...setpriv.options, '--', ...argv]
  if (seccompPath === undefined) return dropped
  return ['/bin/sh', '-c', `exec "$@" ${SECCOMP_FD}<"$0"`, seccompPath, ...dropped]
}
