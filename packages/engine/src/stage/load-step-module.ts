import type { Plugin } from 'esbuild'
import { existsSync } from 'node:fs'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { stepLoadError } from './step-load-error.js'
import { isStepBundle } from './step-bundle-banner.js'

/** The module users import `defineStep` from, resolved to this build's own file. */
function defineStepFile(): string {
  const here = path.dirname(fileURLToPath(import.meta.url))
  const js = path.join(here, 'define-step.js')
  return existsSync(js) ? js : path.join(here, 'define-step.ts')
}

const runinkImports: Plugin = {
  name: 'runink-imports',
  setup(b) {
    b.onResolve({ filter: /^(@runink\/engine|runink)$/ }, () => ({ path: defineStepFile() }))
  },
}

const cache = new Map<string, Promise<Record<string, unknown>>>()

/**
 * Loads a `@steps` module (TypeScript or JavaScript): bundled by esbuild into one file in the
 * slice's private temp dir, so it runs the same inside a sandbox whose source tree is read-only.
 */
export function loadStepModule(file: string): Promise<Record<string, unknown>> {
  let loaded = cache.get(file)
  if (loaded === undefined) {
    loaded = bundleAndImport(file)
    cache.set(file, loaded)
  }
  return loaded
}

async function bundleAndImport(file: string): Promise<Record<string, unknown>> {
  if (isStepBundle(file)) {
    // Made on the host (bundleStepModules): self-contained, imported as it is, with the source
    // map that makes a step's errors name the user's file:line.
    process.setSourceMapsEnabled(true)
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>
  }
  let code: string
  try {
    // esbuild loads only when a slice has TypeScript steps.
    const { build } = await import('esbuild')
    const result = await build({
      entryPoints: [file],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      logLevel: 'silent',
      plugins: [runinkImports],
      packages: 'bundle',
    })
    code = result.outputFiles[0]?.text ?? ''
  } catch (error) {
    throw stepLoadError(file, error)
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'runink-steps-'))
  const out = path.join(dir, `${path.basename(file).replace(/\.[^.]+$/, '')}.mjs`)
  await writeFile(out, code)
  return (await import(pathToFileURL(out).href)) as Record<string, unknown>
}
