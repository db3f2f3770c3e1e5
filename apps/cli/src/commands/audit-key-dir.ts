import { homedir } from 'node:os'
import { isAbsolute, join } from 'node:path'

/**
 * Where the audit seal's keys and checkpoints live: `$XDG_STATE_HOME/runink/audit`, else
 * `~/.local/state/runink/audit` — the user's own state folder, outside every Barn, so whoever
 * can write a Barn (its files, its database) cannot reach the key. A relative XDG_STATE_HOME is
 * ignored, as the XDG spec says.
 */
export function auditKeyDirOf(env: Readonly<Record<string, string | undefined>>): string {
  const xdg = env.XDG_STATE_HOME
  const state =
    xdg && isAbsolute(xdg)
      ? xdg
      : join(env.HOME && isAbsolute(env.HOME) ? env.HOME : homedir(), '.local', 'state')
  return join(state, 'runink', 'audit')
}
