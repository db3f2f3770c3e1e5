import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/**
 * `bundle` (a file made from compiled modules, with `<bundle>.inputs.json` listing them
 * relative to its folder and when it was built) when it is at least as new as every input;
 * undefined when it is missing, a later build rewrote one of its inputs, or it was made for
 * another Node (`node` and `execPath` fields: a V8 snapshot runs only on the binary that made
 * it).
 * Only Node built-ins here: `runi` checks its own bundle with this before loading anything else.
 */
export function freshBundle(bundle: string): string | undefined {
  try {
    const manifest = JSON.parse(readFileSync(`${bundle}.inputs.json`, 'utf8')) as {
      builtAt: number
      inputs: string[]
      node?: string
      execPath?: string
    }
    const { builtAt, inputs, node, execPath } = manifest
    if (!existsSync(bundle)) return undefined
    if (node !== undefined && (node !== process.version || execPath !== process.execPath))
      return undefined
    const dir = path.dirname(bundle)
    for (const input of inputs)
      if (statSync(path.resolve(dir, input)).mtimeMs > builtAt) return undefined
    return bundle
  } catch {
    return undefined
  }
}

/**
 * Writes `<bundle>.inputs.json`, which {@link freshBundle} reads: when `bundle` was built and
 * from which of Runink's own files (`inputs`, esbuild's metafile keys, relative to `cwd`).
 * Files under node_modules are left out: libraries change through npm install, whose prepare
 * step builds again, and checking a few hundred fewer files keeps every start quick. `extra`
 * adds fields such as the Node that made a snapshot.
 */
export function writeBundleManifest(
  bundle: string,
  inputs: readonly string[],
  options: { cwd?: string; extra?: { node: string; execPath: string } } = {},
): void {
  const cwd = options.cwd ?? process.cwd()
  const dir = path.dirname(bundle)
  const manifest = {
    builtAt: statSync(bundle).mtimeMs,
    inputs: inputs
      .filter((p) => !p.split(/[\\/]/).includes('node_modules'))
      .map((p) => path.relative(dir, path.resolve(cwd, p))),
    ...options.extra,
  }
  writeFileSync(`${bundle}.inputs.json`, `${JSON.stringify(manifest)}\n`)
}
