import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Runink's engine package: frames in it (defineStep, the slice host) are not the user's. Read
 * when first needed: the slice host's startup snapshot is built without `import.meta.url`.
 */
let engineDir: string | undefined
const engine = (): string =>
  (engineDir ??= path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..'))

/** `at fn (file:line:col)` or `at file:line:col` of a V8 stack line. */
const FRAME = /^\s*at (?:.*? \()?((?:file:\/\/)?\/[^():]*?):(\d+):(\d+)\)?\s*$/

/** A bundle `bundleStepModules` wrote (`<16 hex>-<module>.mjs`): code the user did not write. */
const GENERATED = /^[0-9a-f]{16}-.*\.mjs$/

/**
 * Where a step's error was thrown in the user's own code: `/abs/steps/x.ts:12:5`, from the
 * first stack frame that is neither an installed package (node_modules), nor Node's, nor Runink's
 * own, nor a generated step bundle (code without a source map, such as esbuild's helpers); undefined when none is. Step
 * bundles carry inline source maps (see `bundleStepModules`) and the slice host reads them, so
 * the frame names the TypeScript file and line the user wrote.
 */
export function thrownWhere(error: unknown): string | undefined {
  const stack = error instanceof Error ? error.stack : undefined
  if (typeof stack !== 'string') return undefined
  for (const line of stack.split('\n').slice(1)) {
    const m = FRAME.exec(line)
    if (m === null) continue
    const file = m[1]!.startsWith('file://') ? fileURLToPath(m[1]!) : m[1]!
    const parts = file.split(path.sep)
    if (parts.includes('node_modules') || file.startsWith(engine() + path.sep)) continue
    if (parts.some((p) => p.startsWith('runink-steps-')) || GENERATED.test(path.basename(file)))
      continue
    return `${file}:${m[2]}:${m[3]}`
  }
  return undefined
}
