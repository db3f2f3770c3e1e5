/** What a seed shell turns into: the slice's argv, its whole environment and its directory. */
export interface SeedTarget {
  readonly argv: readonly string[]
  readonly env: Readonly<Record<string, string>>
  readonly cwd: string
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** A word the shell reads back exactly: single-quoted, each `'` written as `'\''`. */
function quote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`
}

/**
 * The one line a waiting seed shell (`read -r line; eval "$line"`) evaluates to become the
 * slice: change directory, drop the variables the shell itself sets, export the slice's
 * environment and exec its argv in place. Undefined when the target cannot travel as one
 * line (a newline in a word, an environment name the shell cannot export): such a slice is
 * spawned the ordinary way.
 */
export function seedCommand(target: SeedTarget): string | undefined {
  const words = [target.cwd, ...target.argv, ...Object.entries(target.env).flat()]
  if (target.argv.length === 0 || words.some((w) => w.includes('\n') || w.includes('\0')))
    return undefined
  if (Object.keys(target.env).some((name) => !NAME.test(name))) return undefined
  const exports = Object.entries(target.env).map(([name, value]) => `${name}=${value}`)
  return [
    `cd ${quote(target.cwd)}`,
    'unset PWD OLDPWD',
    ...(exports.length === 0 ? [] : [`export ${exports.map(quote).join(' ')}`]),
    `exec ${target.argv.map(quote).join(' ')}`,
  ].join(' && ')
}
