import { readFile, readdir, realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import type { SourceFs } from '@runink/core'

/** The real file system as the read-only `SourceFs` that pure packages take. */
export const nodeSourceFs: SourceFs = {
  readText: (p) => readFile(p, 'utf8'),
  list: (dir) => readdir(dir),
  isDirectory: async (p) => (await stat(p)).isDirectory(),
  exists: (p) =>
    stat(p).then(
      () => true,
      () => false,
    ),
  resolve: (...parts) => path.resolve(...parts),
  dirname: (p) => path.dirname(p),
  realpath: (p) => realpath(p),
}
