import { lstat, readdir } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * Bytes charged for one entry with no blocks of its own (an empty file, a symlink): inodes are
 * disk too, and a slice must not dodge its limit with millions of empty files.
 */
export const ENTRY_MIN_BYTES = 4096

/**
 * The disk a folder tree takes: the blocks allocated to every entry (`st_blocks`, so sparse
 * files count what they really use), at least {@link ENTRY_MIN_BYTES} per entry. Symlinks are
 * not followed. Stops early, returning what it has counted, once it is above `stopAbove`.
 * Entries that vanish while it walks are skipped.
 */
export async function stagingUsage(root: string, stopAbove = Infinity): Promise<number> {
  let total = 0
  const dirs = [root]
  for (let dir = dirs.pop(); dir !== undefined; dir = dirs.pop()) {
    const names = await readdir(dir).catch(() => [] as string[])
    for (const name of names) {
      const path = join(dir, name)
      const stat = await lstat(path).catch(() => undefined)
      if (stat === undefined) continue
      total += Math.max(stat.blocks * 512, ENTRY_MIN_BYTES)
      if (total > stopAbove) return total
      if (stat.isDirectory()) dirs.push(path)
    }
  }
  return total
}
