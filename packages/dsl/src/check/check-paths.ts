import type { SourceFs } from '@runink/core'
import type { Reporter } from '../diagnostics/reporter.js'
import type { Span } from '../syntax/span.js'
import { FILE_SCHEMES, type ParsedUri } from './parse-uri.js'
import type { StageDraft } from './stage-draft.js'

/** The Barn's folder name: no pipeline reads or writes inside one (nor in runs' staging beside it). */
const BARN_DIR = '.runink'
const PRIVATE_DIRS: ReadonlySet<string> = new Set([BARN_DIR, `${BARN_DIR}-staging`])
const isPrivate = (segments: readonly string[]): boolean =>
  segments.some((s) => PRIVATE_DIRS.has(s))

/** An outside folder a herd allows file sources in (and file sinks, when `writable`). */
export interface AllowedFolder {
  /** Absolute, symlinks resolved. */
  readonly folder: string
  readonly writable: boolean
}

/** The outside folders a herd allows; asked only when some path leaves the project. */
export type AllowedFolders = (herd: string) => Promise<readonly AllowedFolder[]>

/** `child` is `root` or inside it (absolute POSIX paths, normalised). */
function within(child: string, root: string): boolean {
  return child === root || child.startsWith(root.endsWith('/') ? root : `${root}/`)
}

/** The real path of `p`: of `p` when it exists, else of its deepest existing folder plus the rest. */
async function realOf(fs: SourceFs, p: string): Promise<string> {
  if (fs.realpath === undefined) return p
  const missing: string[] = []
  let existing = p
  while (!(await fs.exists(existing))) {
    const parent = fs.dirname(existing)
    if (parent === existing) return p
    missing.unshift(existing.slice(parent.length).replace(/^\/+/, ''))
    existing = parent
  }
  try {
    const real = await fs.realpath(existing)
    return missing.length === 0 ? real : fs.resolve(real, ...missing)
  } catch {
    return p
  }
}

interface FilePath {
  readonly uri: ParsedUri
  readonly span: Span
  readonly access: 'source' | 'sink'
}

/**
 * File sources and sinks must stay inside the feature file's folder: a `..` that leaves it,
 * an absolute path, or (with a file system that resolves links) a symlinked folder or file
 * that leads out of it is an error, unless the herd allows that folder (`allowedFolders`,
 * writable for sinks). A path into a Barn (`.runink/`) is always an error. The engine checks
 * the same again at run time, since files change between check and run.
 */
export async function checkPaths(
  stages: readonly StageDraft[],
  ctx: {
    readonly file: string
    readonly fs: SourceFs
    readonly report: Reporter
    readonly herd: string
    readonly allowedFolders?: AllowedFolders
  },
): Promise<void> {
  const { fs, report } = ctx
  const base = fs.dirname(ctx.file)
  const realBase = await realOf(fs, base)
  const paths: FilePath[] = []
  for (const stage of stages) {
    for (const s of stage.sources) paths.push({ uri: s.uri, span: s.span, access: 'source' })
    for (const s of stage.sinks) paths.push({ uri: s.uri, span: s.span, access: 'sink' })
  }
  let allowed: readonly AllowedFolder[] | undefined
  const allows = async (p: string, access: 'source' | 'sink'): Promise<boolean> => {
    allowed ??= ctx.allowedFolders ? await ctx.allowedFolders(ctx.herd) : []
    return allowed.some((a) => (access === 'source' || a.writable) && within(p, a.folder))
  }
  const hint = (p: string, access: 'source' | 'sink'): string =>
    `keep files under the feature file's folder, or let the herd use that folder: runi herd path allow ${ctx.herd} ${fs.dirname(p)}${access === 'sink' ? ' --write' : ''}`
  for (const { uri, span, access } of paths) {
    if (!FILE_SCHEMES.has(uri.scheme)) continue
    const location = uri.location
    if (isPrivate(location.split(/[\\/]/))) {
      report.error(
        'RUNINK_DSL_PATH_IN_BARN',
        span,
        `${uri.uri}: a ${access} inside a Barn (${BARN_DIR}/), which pipelines never read or write`,
      )
      continue
    }
    const lexical = fs.resolve(base, location)
    if (!within(lexical, base) && !(await allows(lexical, access))) {
      report.error(
        'RUNINK_DSL_PATH_OUTSIDE_PROJECT',
        span,
        `${uri.uri}: ${location.startsWith('/') ? 'an absolute path' : 'this path'} leads outside the feature file's folder, to ${lexical}`,
        hint(lexical, access),
      )
      continue
    }
    const real = await realOf(fs, lexical)
    if (within(real, realBase)) {
      if (isPrivate(real.slice(realBase.length).split('/')))
        report.error(
          'RUNINK_DSL_PATH_IN_BARN',
          span,
          `${uri.uri}: resolves through a symlink to ${real}, inside a Barn (${BARN_DIR}/)`,
        )
    } else if (!(await allows(real, access)))
      report.error(
        'RUNINK_DSL_PATH_OUTSIDE_PROJECT',
        span,
        `${uri.uri}: resolves through a symlink to ${real}, outside the feature file's folder`,
        hint(real, access),
      )
  }
}
