import type { Plugin } from 'esbuild'
import { createHash } from 'node:crypto'
import { existsSync, realpathSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { BARN_DIR, RuninkError } from '@runink/core'
import { stepLoadError } from '../stage/index.js'
import { isWithin, PathCodes, type PathScope } from './confined-path.js'
import type { RunnableStage } from './runnable-stage.js'
import { sliceHostPath } from './slice-host-path.js'
import { bundledPackages } from './bundled-packages.js'
import { stepBundleText } from './step-bundle-text.js'
import { runtimeMounts } from './slice-mounts.js'

/**
 * The module steps import `defineStep` from: this build's own file, beside the slice host
 * (this code may itself run from a bundle elsewhere, such as the CLI's).
 */
function defineStepFile(): string {
  const dir = path.dirname(sliceHostPath())
  const js = path.join(dir, 'define-step.js')
  if (existsSync(js)) return js
  const here = path.dirname(fileURLToPath(import.meta.url))
  const built = path.join(here, '..', 'stage', 'define-step.js')
  return existsSync(built) ? built : path.join(here, '..', 'stage', 'define-step.ts')
}

const runinkImports: Plugin = {
  name: 'runink-imports',
  setup(b) {
    b.onResolve({ filter: /^(@runink\/engine(\/step)?|runink)$/ }, () => ({
      path: defineStepFile(),
    }))
  },
}

/** Folders a step module may import from: the scope, Runink itself, and node_modules above the project. */
function importRoots(scope: PathScope): string[] {
  const project = realpathSync(scope.baseDir)
  const roots = [project, ...(scope.allowedFolders ?? []).map((a) => a.folder), ...runtimeMounts()]
  for (let dir = project; ; dir = path.dirname(dir)) {
    roots.push(path.join(dir, 'node_modules'))
    if (path.dirname(dir) === dir) break
  }
  roots.push(path.dirname(defineStepFile()))
  return roots
}

/** Refuses to read, into a bundle, any file outside `roots` or inside a `.runink/`. */
function confineImports(roots: readonly string[], refused: string[]): Plugin {
  return {
    name: 'runink-confine-imports',
    setup(b) {
      b.onLoad({ filter: /.*/, namespace: 'file' }, (args) => {
        let real: string
        try {
          real = realpathSync(args.path)
        } catch {
          return undefined
        }
        const parts = real.split(path.sep)
        const inBarn = parts.includes(BARN_DIR) || parts.includes(`${BARN_DIR}-staging`)
        if (!inBarn && roots.some((r) => isWithin(real, r))) return undefined
        refused.push(real)
        return { errors: [{ text: `${real} is outside the project (or inside a ${BARN_DIR}/)` }] }
      })
    },
  }
}

/** CommonJS packages in an ES module bundle call require() for Node's own modules. */
const REQUIRE_BANNER =
  "import { createRequire as __runinkCreateRequire } from 'node:module'; const require = __runinkCreateRequire(import.meta.url);"

/** A step module that needs a native addon: no bundle can carry one. */
function nativeAddonError(file: string, what: string): RuninkError {
  const text = `${what} is a native addon, which a TypeScript step cannot load (steps are bundled into one JavaScript file); run that code as an exec step instead`
  return stepLoadError(file, { errors: [{ text }] })
}

/**
 * Bundles a stage's TypeScript/JavaScript step modules on the host, before its slices run,
 * each into one self-contained file under `outDir`: a slice mounts that file alone, never the
 * module's folder (which may hold the Barn, or anything else). Only files inside the project,
 * a folder the herd allows, Runink itself or a node_modules folder above the project may be
 * imported, and never one inside a `.runink/`: esbuild reads files but runs none of them.
 * Bare imports (`import { parse } from 'date-fns'`) resolve as Node would from the module's
 * folder (the nearest node_modules above it) and the packages are bundled in, so a slice needs
 * no node_modules of the project; the bundle's first line names each one's `name@version`.
 * A package with a native addon is refused with a message saying so. The bundle carries an
 * inline source map with the modules' absolute paths, so an error names the user's file:line.
 * Fills `bundles` (module path → bundle file); modules already there are not bundled again.
 */
export async function bundleStepModules(
  stage: RunnableStage,
  scope: PathScope,
  outDir: string,
  bundles: Map<string, string>,
): Promise<void> {
  const modules = [
    ...new Set(stage.steps.flatMap((s) => (s.kind === 'module' ? [s.module] : []))),
  ].filter((m) => !bundles.has(m))
  if (modules.length === 0) return
  const { build } = await import('esbuild')
  const roots = importRoots(scope)
  await mkdir(outDir, { recursive: true })
  const cwd = realpathSync(scope.baseDir)
  for (const file of modules) {
    const refused: string[] = []
    let code: string
    try {
      const result = await build({
        entryPoints: [file],
        absWorkingDir: cwd,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        write: false,
        logLevel: 'silent',
        plugins: [runinkImports, confineImports(roots, refused)],
        packages: 'bundle',
        banner: { js: REQUIRE_BANNER },
        sourcemap: 'inline',
        sourcesContent: false,
        metafile: true,
      })
      const packages = bundledPackages(Object.keys(result.metafile.inputs), cwd)
      const native = packages.find((p) => p.native)
      if (native !== undefined)
        throw nativeAddonError(file, `package ${native.name}@${native.version} (${native.dir})`)
      code = stepBundleText(result.outputFiles[0]?.text ?? '', packages, cwd)
    } catch (error) {
      if (error instanceof RuninkError) throw error
      const addon = /No loader is configured for "\.node" files: (.*)$/m.exec(
        (error as { errors?: { text: string }[] }).errors?.[0]?.text ?? '',
      )
      if (addon !== null) throw nativeAddonError(file, addon[1]!)
      if (refused.length > 0) {
        throw new RuninkError(
          PathCodes.RUNINK_PATH_OUTSIDE_PROJECT,
          `step module ${file} imports ${refused[0]}, outside the project folder or inside a ${BARN_DIR}/`,
          { details: { file, path: refused[0]! } },
        )
      }
      throw stepLoadError(file, error)
    }
    const name = `${createHash('sha256').update(file).digest('hex').slice(0, 16)}-${path
      .basename(file)
      .replace(/\.[^.]+$/, '')}.mjs`
    const out = path.join(outDir, name)
    await writeFile(out, code, { mode: 0o644 })
    bundles.set(file, out)
  }
}
