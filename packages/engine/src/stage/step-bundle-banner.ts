import { closeSync, openSync, readSync } from 'node:fs'

/** How a step bundle made on the host (`bundleStepModules`) starts: its first line's prefix. */
export const STEP_BUNDLE_BANNER = '// runink step bundle; packages: '

/** Whether `file` is a step bundle made on the host (self-contained, with its source map). */
export function isStepBundle(file: string): boolean {
  let fd: number | undefined
  try {
    fd = openSync(file, 'r')
    const head = Buffer.alloc(STEP_BUNDLE_BANNER.length)
    const n = readSync(fd, head, 0, head.length, 0)
    return head.toString('utf8', 0, n) === STEP_BUNDLE_BANNER
  } catch {
    return false
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}
