import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * The built slice host program. Slices run compiled JavaScript (fast to start); under the test
 * runner, which loads sources, this is the `dist/` build made by `npm run build`.
 */
export function sliceHostPath(): string {
  const here = fileURLToPath(new URL('../stage/slice-host.js', import.meta.url))
  if (existsSync(here)) return here
  const built = fileURLToPath(new URL('../../dist/stage/slice-host.js', import.meta.url))
  if (existsSync(built)) return built
  throw new Error(`slice host not built: run "npm run build" (looked for ${here} and ${built})`)
}
