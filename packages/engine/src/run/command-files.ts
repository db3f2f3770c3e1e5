import { readdirSync, realpathSync, statSync } from 'node:fs'
import path from 'node:path'
import { BARN_DIR } from '@runink/core'
import { isWithin } from './confined-path.js'

/** Splits a command line into words as `sh` would for plain words and simple quotes. */
function words(command: string): string[] {
  const out: string[] = []
  for (const m of command.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s"';|&<>()]+)/g))
    out.push(m[1] ?? m[2] ?? m[3] ?? '')
  return out
}

/** Extensions of script files whose siblings a script may import or source. */
const SCRIPT_EXTENSIONS = new Set([
  '.py',
  '.sh',
  '.bash',
  '.r',
  '.rb',
  '.pl',
  '.pm',
  '.js',
  '.mjs',
  '.cjs',
  '.ts',
  '.jl',
  '.lua',
  '.php',
  '.tcl',
])
/** Folders never searched for a script's companions. */
const SKIPPED = new Set(['node_modules', '__pycache__', '.git', '.venv', 'venv'])
/** At most this many companions per script folder: beyond, a project is not a script's folder. */
const MAX_COMPANIONS = 2000

/**
 * Files with `ext` under `dir` (sub-folders too, hidden ones, the Barn and dependency folders
 * skipped): the modules a script there may import (`import helpers`, `. ./lib.sh`).
 */
function companions(dir: string, ext: string, into: Set<string>): void {
  const pending = [dir]
  let found = 0
  while (pending.length > 0 && found < MAX_COMPANIONS) {
    const folder = pending.pop()!
    let entries
    try {
      entries = readdirSync(folder, { withFileTypes: true })
    } catch {
      continue
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || SKIPPED.has(e.name)) continue
      const full = path.join(folder, e.name)
      if (e.isDirectory()) pending.push(full)
      else if (e.isFile() && path.extname(e.name).toLowerCase() === ext && found++ < MAX_COMPANIONS)
        into.add(full)
    }
  }
}

/**
 * The project files an exec step's command line names (`python3 steps/score.py --model=m.pkl`
 * → steps/score.py, m.pkl), as absolute real paths, sorted: each word, and the value of each
 * `--flag=value`, taken relative to `cwd` (where the command runs), kept when it is a regular
 * file inside one of `roots` (the project folder, folders the herd allows) and not inside a
 * `.runink/`. Programs found on the PATH (`python3`, `bash`) are not project files. A named
 * script (`.py`, `.sh`, `.R`, …) brings the files of its kind in its folder and below, which
 * it may import or source: an edited `helpers.py` beside `score.py` changes the step too.
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
  for (const file of [...found]) {
    const ext = path.extname(file).toLowerCase()
    if (SCRIPT_EXTENSIONS.has(ext)) companions(path.dirname(file), ext, found)
  }
  return [...found].sort()
}
