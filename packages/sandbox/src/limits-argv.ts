import type { SliceLimits } from './slice-limits.js'

/**
 * Shell that joins the cgroups whose `cgroup.procs` files are its arguments up to `--` (and
 * shifts them off), exiting 125 when one cannot be joined: a slice never runs outside its limits.
 */
export const JOIN_LOOP = 'while [ "$1" != -- ]; do echo $$ > "$1" || exit 125; shift; done; shift'

// Joins the slice's cgroups before anything else runs, so no process of the slice (not even
// bwrap's own children) starts outside its limits; then execs the rest of the argv in place.
const JOIN_SCRIPT = `${JOIN_LOOP}; exec "$@"`

/** Prefixes `argv` with a cgroup join (when there are cgroups) and rlimits (when prlimit exists). */
export function limitsArgv(
  argv: readonly string[],
  limits: SliceLimits,
  options: { readonly procsFiles: readonly string[]; readonly prlimit?: string },
): string[] {
  const limited =
    options.prlimit === undefined
      ? [...argv]
      : [
          options.prlimit,
          `--nofile=${limits.openFiles}:${limits.openFiles}`,
          `--fsize=${limits.maxFileBytes}:${limits.maxFileBytes}`,
          '--core=0:0',
          '--',
          ...argv,
        ]
  if (options.procsFiles.length === 0) return limited
  return ['/bin/sh', '-c', JOIN_SCRIPT, 'runink-join', ...options.procsFiles, '--', ...limited]
}
