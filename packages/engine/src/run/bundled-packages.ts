import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

/** An npm package whose files went into a step bundle. */
export interface BundledPackage {
  readonly name: string
  readonly version: string
  /** Its folder (the one holding its package.json). */
  readonly dir: string
  /** It ships a native addon (binding.gyp, prebuilds/, build/Release/): no bundle can load it. */
  readonly native: boolean
}

/** The package folder of a file under node_modules: `…/node_modules/name` or `…/@scope/name`. */
function packageDir(file: string): string | undefined {
  const parts = file.split(/[\\/]/)
  const at = parts.lastIndexOf('node_modules')
  if (at < 0 || at + 1 >= parts.length - 1) return undefined
  const scoped = parts[at + 1]!.startsWith('@')
  const end = at + (scoped ? 3 : 2)
  return end > parts.length - 1 ? undefined : parts.slice(0, end).join(path.sep)
}

/**
 * The npm packages among a bundle's input files (esbuild's metafile keys, relative to `cwd`),
 * each once, sorted by name: their `name@version` goes into the bundle's banner, so the bytes a
 * cache key hashes change when an installed package does.
 */
export function bundledPackages(inputs: readonly string[], cwd: string): BundledPackage[] {
  const found = new Map<string, BundledPackage>()
  for (const input of inputs) {
    const dir = packageDir(path.resolve(cwd, input))
    if (dir === undefined || found.has(dir)) continue
    let manifest: { name?: unknown; version?: unknown } = {}
    try {
      manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as typeof manifest
    } catch {
      // A package without a readable package.json is still named by its folder.
    }
    const native = ['binding.gyp', 'prebuilds', path.join('build', 'Release')].some((f) =>
      existsSync(path.join(dir, f)),
    )
    found.set(dir, {
      name: typeof manifest.name === 'string' ? manifest.name : path.basename(dir),
      version: typeof manifest.version === 'string' ? manifest.version : 'unknown',
      dir,
      native,
    })
  }
  return [...found.values()].sort(
    (a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version),
  )
}
