import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { freshBundle } from './fresh-bundle.js'

/**
 * The built slice host program. Slices run compiled JavaScript: the one-file bundle that
 * `npm run build` makes (fastest to start) unless a later `tsc -b` left it stale, else the
 * compiled modules. Under the test runner, which loads sources, this is the `dist/` build.
 */
export function sliceHostPath(): string {
  const here = fileURLToPath(new URL('../stage/slice-host.js', import.meta.url))
  const built = fileURLToPath(new URL('../../dist/stage/slice-host.js', import.meta.url))
  for (const host of [here, built])
    if (existsSync(host)) return freshBundle(host.replace(/\.js$/, '.bundle.js')) ?? host
  throw new Error(`slice host not built: run "npm run build" (looked for ${here} and ${built})`)
}
