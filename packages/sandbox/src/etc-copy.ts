import { copyFileSync, mkdirSync, renameSync, statSync, type Stats } from 'node:fs'
import { basename, join } from 'node:path'

/**
 * The /etc a bubblewrap sandbox sees, as one folder bound once instead of one bind per entry
 * (each bind costs bwrap about 0.1 ms). Files are copied (their content, as a bind of the
 * entry would show it, symlinks followed) and refreshed when the host's change; directories
 * (`ssl`, `alternatives`…) get an empty mount point here and are still bound from the host.
 */
export class EtcCopy {
  /** Directory entries to bind over their mount points. */
  readonly dirs: readonly string[]
  private readonly files: ReadonlyArray<{ readonly source: string; stamp: string }>

  constructor(
    entries: readonly string[],
    /** Where the copy goes (created; in the launcher's private work folder). */
    readonly path: string,
  ) {
    mkdirSync(path, { mode: 0o755 })
    const dirs: string[] = []
    const files: Array<{ source: string; stamp: string }> = []
    for (const entry of entries) {
      const stat = statSync(entry)
      if (stat.isDirectory()) {
        mkdirSync(join(path, basename(entry)))
        dirs.push(entry)
      } else {
        files.push({ source: entry, stamp: '' })
      }
    }
    this.dirs = dirs
    this.files = files
    this.refresh()
  }

  /** Copies again each file whose host original changed since it was copied. */
  refresh(): void {
    for (const file of this.files) {
      let stat: Stats
      try {
        stat = statSync(file.source)
      } catch {
        continue // gone from the host: the sandbox keeps the last copy
      }
      const stamp = `${stat.ino}:${stat.size}:${stat.mtimeMs}`
      if (stamp === file.stamp) continue
      // A new file renamed over the old: a slice already reading the old one is not disturbed.
      const target = join(this.path, basename(file.source))
      const temp = `${target}.${process.pid}.tmp`
      copyFileSync(file.source, temp)
      renameSync(temp, target)
      file.stamp = stamp
    }
  }
}
