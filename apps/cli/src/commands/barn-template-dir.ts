import { homedir } from 'node:os'
import { isAbsolute, join } from 'node:path'

/**
 * Where new embedded Barns are copied from: `$XDG_CACHE_HOME/runink/barn-templates`, else
 * `~/.cache/runink/barn-templates` — a cache (a migrated, empty database per PGlite and schema
 * version, made on first need; safe to delete). A relative XDG_CACHE_HOME is ignored, as the
 * XDG spec says.
 */
export function barnTemplateDirOf(env: Readonly<Record<string, string | undefined>>): string {
  const xdg = env.XDG_CACHE_HOME
  const cache =
    xdg && isAbsolute(xdg)
      ? xdg
      : join(env.HOME && isAbsolute(env.HOME) ? env.HOME : homedir(), '.cache')
  return join(cache, 'runink', 'barn-templates')
}
