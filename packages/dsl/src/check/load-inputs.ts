import { loadContracts, type ContractSet } from '@runink/contracts'
import { sha256Hex, type SourceFs } from '@runink/core'
import type { Reporter } from '../diagnostics/reporter.js'
import type { ResolvedModuleStep } from './check-context.js'
import type { FileLevel, PathRef } from './check-file-level.js'
import { readStepModule } from './read-step-module.js'
import { BuiltinStep } from './builtin-steps.js'
import { normalizeRelative } from './relative-path.js'

/** A step module as the plan records it. */
export interface LoadedModule {
  readonly path: string
  readonly sha256: string
  readonly steps: readonly string[]
}

/** Contracts and step modules named at the file level, with their texts for diagnostics. */
export interface LoadedInputs {
  readonly contracts?: ContractSet
  readonly moduleSteps: Map<string, ResolvedModuleStep>
  readonly modules: LoadedModule[]
}

async function exists(fs: SourceFs, path: string): Promise<boolean> {
  try {
    return await fs.exists(path)
  } catch {
    return false
  }
}

/** Loads the contracts and reads the step modules (statically), reporting what fails. */
export async function loadInputs(
  level: FileLevel,
  featureFile: string,
  fs: SourceFs,
  report: Reporter,
  sources: Map<string, string>,
): Promise<LoadedInputs> {
  const dir = fs.dirname(featureFile)
  let contracts: ContractSet | undefined
  const contractPaths: string[] = []
  for (const ref of level.contractPaths) {
    const full = fs.resolve(dir, ref.path)
    if (await exists(fs, full)) contractPaths.push(full)
    else
      report.error(
        'RUNINK_DSL_CONTRACT_PATH_NOT_FOUND',
        ref.span,
        `no contract file or folder at ${ref.path}`,
        `paths are relative to ${featureFile}`,
      )
  }
  if (contractPaths.length > 0) {
    try {
      const loaded = await loadContracts(contractPaths, fs)
      contracts = loaded.contracts
      for (const p of loaded.problems) {
        if (p.file !== undefined && !sources.has(p.file)) {
          try {
            sources.set(p.file, await fs.readText(p.file))
          } catch {
            // The problem is still reported; only its source line is missing.
          }
        }
        report.add({
          code: 'RUNINK_DSL_CONTRACT_INVALID',
          severity: 'error',
          message: `${p.message} [${p.code}]`,
          file: p.file ?? featureFile,
          ...(p.line === undefined ? {} : { line: p.line, column: p.column ?? 1 }),
          ...(p.hint === undefined ? {} : { hint: p.hint }),
        })
      }
    } catch (error) {
      report.error(
        'RUNINK_DSL_CONTRACT_INVALID',
        level.contractPaths[0]?.span ?? { start: 0, end: 0 },
        `contracts could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
      )
    }
  }
  const moduleSteps = new Map<string, ResolvedModuleStep>()
  const modules: LoadedModule[] = []
  for (const ref of dedupe(level.stepPaths))
    await loadModule(ref, dir, fs, report, sources, moduleSteps, modules)
  return { ...(contracts === undefined ? {} : { contracts }), moduleSteps, modules }
}

function dedupe(refs: readonly PathRef[]): PathRef[] {
  const seen = new Set<string>()
  return refs.filter(
    (r) =>
      !seen.has(normalizeRelative(r.path)) && seen.add(normalizeRelative(r.path)) !== undefined,
  )
}

async function loadModule(
  ref: PathRef,
  dir: string,
  fs: SourceFs,
  report: Reporter,
  sources: Map<string, string>,
  moduleSteps: Map<string, ResolvedModuleStep>,
  modules: LoadedModule[],
): Promise<void> {
  const full = fs.resolve(dir, ref.path)
  let text: string
  try {
    if (!(await exists(fs, full)) || (await fs.isDirectory(full))) throw new Error('missing')
    text = await fs.readText(full)
  } catch {
    report.error(
      'RUNINK_DSL_STEP_MODULE_NOT_FOUND',
      ref.span,
      `no step module at ${ref.path}`,
      'paths are relative to the feature file; name a .ts or .js file',
    )
    return
  }
  sources.set(full, text)
  const path = normalizeRelative(ref.path)
  const sha256 = sha256Hex(text)
  const info = readStepModule(text, full)
  for (const d of info.diagnostics) report.add(d)
  const names: string[] = []
  for (const step of info.steps) {
    const builtin = (Object.values(BuiltinStep) as string[]).includes(step.name)
    const other = moduleSteps.get(step.name)
    if (builtin || other !== undefined) {
      report.error(
        'RUNINK_DSL_DUPLICATE_STEP',
        ref.span,
        `step ${step.name} of ${path} is already ${builtin ? 'a built-in step' : `exported by ${other?.module ?? ''}`}`,
        'rename one of them',
      )
      continue
    }
    moduleSteps.set(step.name, { ...step, module: path, sha256 })
    names.push(step.name)
  }
  modules.push({ path, sha256, steps: names.sort() })
}
