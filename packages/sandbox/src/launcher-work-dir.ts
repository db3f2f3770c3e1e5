import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { processAlive } from '@runink/node'

const PREFIX = 'runink-launcher-'
const NAME = /^runink-launcher-(\d+)-[A-Za-z0-9]+$/

/**
 * A private folder (mode 700, unique name) for one launcher's files on this host: its copy of
 * /etc and its seeds' scripts. Made fresh per launcher, so launchers of different users or
 * processes never share one; folders left by launchers whose process is gone are removed first.
 * `searchable` makes it 711 instead: others may pass through to a name they know (the slice
 * account reaches its /etc copy this way) but not list it; the seed scripts and the seccomp
 * program inside stay private.
 */
export function createLauncherWorkDir(parent = tmpdir(), searchable = false): string {
  for (const name of readdirSync(parent)) {
    const owner = NAME.exec(name)?.[1]
    if (owner === undefined || processAlive(Number(owner))) continue
    rmSync(join(parent, name), { recursive: true, force: true })
  }
  const dir = mkdtempSync(join(parent, `${PREFIX}${process.pid}-`))
  if (searchable) chmodSync(dir, 0o711)
  return dir
}
