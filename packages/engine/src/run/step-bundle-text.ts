import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { STEP_BUNDLE_BANNER } from '../stage/step-bundle-banner.js'
import type { BundledPackage } from './bundled-packages.js'

const INLINE_MAP = /\n\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/

/**
 * The final text of a step bundle: a first line naming every npm package in it
 * (`// runink step bundle; packages: a@1.0.0, b@2.1.0`, or `none`), then esbuild's code, whose
 * inline source map gets absolute `file:` URLs for its sources (esbuild wrote them relative to
 * `cwd`), so a stack trace in the slice names the user's own file and line, and one more line at
 * the start of its mappings for the banner line.
 */
export function stepBundleText(
  code: string,
  packages: readonly BundledPackage[],
  cwd: string,
): string {
  const list = packages.map((p) => `${p.name}@${p.version}`).join(', ')
  const banner = `${STEP_BUNDLE_BANNER}${list === '' ? 'none' : list}\n`
  const m = INLINE_MAP.exec(code)
  if (m === null) return banner + code
  const map = JSON.parse(Buffer.from(m[1]!, 'base64').toString('utf8')) as {
    sources: string[]
    mappings: string
  }
  map.sources = map.sources.map((s) => pathToFileURL(path.resolve(cwd, s)).href)
  map.mappings = `;${map.mappings}`
  const inline = Buffer.from(JSON.stringify(map)).toString('base64')
  return `${banner}${code.slice(0, m.index)}\n//# sourceMappingURL=data:application/json;base64,${inline}\n`
}
