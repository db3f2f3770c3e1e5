import { lstat, readdir } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * Bytes charged for one entry with no blocks of its own (an empty file, a symlink): inodes are
 * disk too, and a slice must not dodge its limit with millions of empty files.
 */
export const ENTRY_MIN_BYTES = 4096

/**
 * Most files and folders a slice may make in its staging folder. A stage writes a few files per
 * sink; this bounds how long one measuring walk takes (well under a second), and so how far a
 * slice can overshoot its disk limit while a walk is under way.
 */
export const MAX_STAGING_ENTRIES = 100_000

/** What a folder tree takes on disk. */
export interface StagingUsage {
  /** Blocks allocated to every entry, at least {@link ENTRY_MIN_BYTES} per entry. */
  readonly bytes: number
  /** Files, folders and other entries below the root. */
  readonly entries: number
}

/**
 * The disk a folder tree takes: the blocks allocated to every entry (`st_blocks`, so sparse
 * files count what they really use), at least {@link ENTRY_MIN_BYTES} per entry. Symlinks are
 * not followed. Stops early, returning what it has counted, once it is above `stopAbove` bytes
 * or {@link MAX_STAGING_ENTRIES} entries. Entries that vanish while it walks are skipped.
 */
export async function stagingUsage(root: string, stopAbove = Infinity): Promise<StagingUsage> {
  let bytes = 0
  let entries = 0
  const dirs = [root]
  for (let dir = dirs.pop(); dir !== undefined; dir = dirs.pop()) {
    const names = await readdir(dir).catch(() => [] as string[])
    for (const name of names) {
      const path = join(dir, name)
      const stat = await lstat(path).catch(() => undefined)
      if (stat === undefined) continue
      bytes += Math.max(stat.blocks * 512, ENTRY_MIN_BYTES)
      entries++
      if (bytes > stopAbove || entries > MAX_STAGING_ENTRIES) return { bytes, entries }
      if (stat.isDirectory()) dirs.push(path)
    }
  }
  return { bytes, entries }
}
