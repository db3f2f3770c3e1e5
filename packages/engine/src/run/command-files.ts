import { realpathSync, statSync } from 'node:fs'
import path from 'node:path'
import { BARN_DIR } from '@runink/store'
import { isWithin } from './confined-path.js'

/** Splits a command line into words as `sh` would for plain words and simple quotes. */
function words(command: string): string[] {
  const out: string[] = []
  for (const m of command.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s"';|&<>()]+)/g))
    out.push(m[1] ?? m[2] ?? m[3] ?? '')
  return out
}

/**
 * The project files an exec step's command line names (`python3 steps/score.py --model=m.pkl`
 * → steps/score.py, m.pkl), as absolute real paths, sorted: each word, and the value of each
 * `--flag=value`, taken relative to `cwd` (where the command runs), kept when it is a regular
 * file inside one of `roots` (the project folder, folders the herd allows) and not inside a
 * `.runink/`. Programs found on the PATH (`python3`, `bash`) are not project files.
 */
export function commandFiles(command: string, cwd: string, roots: readonly string[]): string[] {
  const found = new Set<string>()
  const realRoots = roots.flatMap((r) => {
    try {
      return [realpathSync(r)]
    } catch {
      return []
    }
  })
  for (const word of words(command)) {
    const candidates = [word, ...(word.includes('=') ? [word.slice(word.indexOf('=') + 1)] : [])]
    for (const candidate of candidates) {
      if (candidate === '' || candidate.startsWith('-')) continue
      let real: string
      try {
        real = realpathSync(path.resolve(cwd, candidate))
        if (!statSync(real).isFile()) continue
      } catch {
        continue
      }
      const parts = real.split(path.sep)
      if (parts.includes(BARN_DIR) || parts.includes(`${BARN_DIR}-staging`)) continue
      if (realRoots.some((r) => isWithin(real, r))) found.add(real)
    }
  }
  return [...found].sort()
}
