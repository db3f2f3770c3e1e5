/** What a seed shell turns into: the slice's argv, its whole environment and its directory. */
export interface SeedTarget {
  readonly argv: readonly string[]
  readonly env: Readonly<Record<string, string>>
  readonly cwd: string
  /** Set with the shell's own `ulimit` (no `prlimit` process): open files, file size, no core. */
  readonly rlimits?: { readonly openFiles: number; readonly maxFileBytes: number }
}

/** The line a seed reads on stdin, and the script it then sources to exec the slice. */
export interface SeedCommand {
  readonly line: string
  readonly script: string
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
/** `ulimit -f` counts 512-byte blocks in POSIX shells (dash, bash as sh, busybox ash). */
export const ULIMIT_BLOCK = 512

/** A word the shell reads back exactly: single-quoted, each `'` written as `'\''`. */
function quote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`
}

/**
 * What a waiting seed shell (`read -r line; eval "$line"`) is given to become the slice. The
 * line changes directory, drops the variables the shell itself sets, exports the slice's
 * environment, sets its rlimits and sources `scriptPath`; the script (written there by the
 * caller) execs the argv in place. The argv, which can be long, goes through a file because a
 * shell reads a line from a pipe one byte per system call. Undefined when the environment
 * cannot travel in one line (a newline in a value, a name the shell cannot export): such a slice
 * is spawned the ordinary way.
 */
export function seedCommand(target: SeedTarget, scriptPath: string): SeedCommand | undefined {
  const env = Object.entries(target.env)
  if (target.argv.length === 0) return undefined
  if (env.some(([name, value]) => !NAME.test(name) || value.includes('\n') || value.includes('\0')))
    return undefined
  if ([target.cwd, scriptPath].some((w) => w.includes('\n') || w.includes('\0'))) return undefined
  if (target.argv.some((w) => w.includes('\0'))) return undefined
  const limits = target.rlimits
  const line = [
    `cd ${quote(target.cwd)}`,
    'unset PWD OLDPWD',
    ...(env.length === 0 ? [] : [`export ${env.map(([n, v]) => quote(`${n}=${v}`)).join(' ')}`]),
    ...(limits === undefined
      ? []
      : [
          `ulimit -n ${limits.openFiles}`,
          `ulimit -f ${Math.floor(limits.maxFileBytes / ULIMIT_BLOCK)}`,
          'ulimit -c 0',
        ]),
    `. ${quote(scriptPath)}`,
  ].join(' && ')
  return { line, script: `exec ${target.argv.map(quote).join(' ')}\n` }
}
