import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The slice host built into one file, when it is at least as new as every file it holds. */
export function freshBundle(host: string): string | undefined {
  const bundle = host.replace(/\.js$/, '.bundle.js')
  try {
    const { builtAt, inputs } = JSON.parse(readFileSync(`${bundle}.inputs.json`, 'utf8')) as {
      builtAt: number
      inputs: string[]
    }
    const dir = path.dirname(bundle)
    if (!existsSync(bundle)) return undefined
    for (const input of inputs)
      if (statSync(path.resolve(dir, input)).mtimeMs > builtAt) return undefined
    return bundle
  } catch {
    return undefined
  }
}

/**
 * The built slice host program. Slices run compiled JavaScript: the one-file bundle that
 * `npm run build` makes (fastest to start) unless a later `tsc -b` left it stale, else the
 * compiled modules. Under the test runner, which loads sources, this is the `dist/` build.
 */
export function sliceHostPath(): string {
  const here = fileURLToPath(new URL('../stage/slice-host.js', import.meta.url))
  const built = fileURLToPath(new URL('../../dist/stage/slice-host.js', import.meta.url))
  for (const host of [here, built]) if (existsSync(host)) return freshBundle(host) ?? host
  throw new Error(`slice host not built: run "npm run build" (looked for ${here} and ${built})`)
}
