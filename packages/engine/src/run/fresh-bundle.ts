import { existsSync, readFileSync, statSync } from 'node:fs'
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
