import type { ContractSet } from '@runink/contracts'
import type { Sha256Ref, SourceFs } from '@runink/core'
import { checkFileLevel } from './check/check-file-level.js'
import { checkFlow } from './check/check-flow.js'
import { checkPaths, type AllowedFolders } from './check/check-paths.js'
import { checkScenario } from './check/check-scenario.js'
import { checkSourcesExist } from './check/check-sources-exist.js'
import { reportNotEnforced } from './check/report-not-enforced.js'
import { loadInputs } from './check/load-inputs.js'
import type { StageDraft } from './check/stage-draft.js'
import { buildStageGraph } from './check/stage-graph.js'
import type { Diagnostic } from './diagnostics/diagnostic.js'
import { Reporter } from './diagnostics/reporter.js'
import { buildDisplay, buildPlan } from './plan/build-plan.js'
import type { Plan, PlanDisplay } from './plan/plan.js'
import { featureSizeProblem } from './syntax/feature-limits.js'
import { parseInto } from './syntax/parse-feature.js'

/** Options of {@link compileFeature}. */
export interface CompileOptions {
  /** Make warnings that risk a failed run errors (unrouted invalid records). */
  readonly strict?: boolean
  /**
   * Report local source files that do not exist and that no stage writes (`runi check`). Off
   * for runs: a run reports a missing file when it reaches it.
   */
  readonly sourcesMustExist?: boolean
  /**
   * The outside folders a herd allows file sources and sinks in (`runi herd path allow`):
   * asked only when a path leaves the feature file's folder. Without it, every such path is an
   * error.
   */
  readonly allowedFolders?: AllowedFolders
}

/** The outcome of compiling a feature file. */
export interface CompileResult {
  /** The plan, only when there are no errors. */
  readonly plan?: Plan
  /** `sha256:` of the plan's canonical JSON. */
  readonly planHash?: Sha256Ref
  /** The prose, outside the hash; present whenever the file parsed. */
  readonly display?: PlanDisplay
  /** Every problem found, errors and warnings, in one pass. */
  readonly diagnostics: Diagnostic[]
  /** Texts of every file read (feature, contracts with problems, step modules), by path. */
  readonly sources: Map<string, string>
  /** The contracts the plan was checked against: what the engine validates with. */
  readonly contracts?: ContractSet
}

/**
 * Parses, checks and compiles a feature file with its contracts and step modules (read through
 * `fs`, never executed). Never throws: every problem is a diagnostic.
 */
export async function compileFeature(
  file: string,
  fs: SourceFs,
  options: CompileOptions = {},
): Promise<CompileResult> {
  const sources = new Map<string, string>()
  let text: string
  try {
    text = await fs.readText(file)
  } catch (error) {
    const message = `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`
    return {
      diagnostics: [{ code: 'RUNINK_DSL_FILE_UNREADABLE', severity: 'error', message, file }],
      sources,
    }
  }
  const tooLarge = featureSizeProblem(text)
  if (tooLarge !== undefined) {
    return {
      diagnostics: [
        { code: 'RUNINK_DSL_FILE_TOO_LARGE', severity: 'error', message: tooLarge, file },
      ],
      sources,
    }
  }
  sources.set(file, text)
  const report = new Reporter(file, text)
  try {
    return capped(await compileText(file, text, fs, options, report, sources), file)
  } catch (error) {
    // A bug in the compiler must still come out as a diagnostic, never as a crash.
    const message = `internal compiler error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`
    report.add({ code: 'RUNINK_DSL_INTERNAL', severity: 'error', message, file })
    return capped({ diagnostics: report.diagnostics, sources }, file)
  }
}

/** The most diagnostics returned: a hostile file can cause one per character. */
export const MAX_DIAGNOSTICS = 1000

/** Keeps the first {@link MAX_DIAGNOSTICS} diagnostics and says how many more there were. */
function capped(result: CompileResult, file: string): CompileResult {
  const all = result.diagnostics
  if (all.length <= MAX_DIAGNOSTICS) return result
  const message = `${all.length} problems; the first ${MAX_DIAGNOSTICS} are shown`
  const more = { code: 'RUNINK_DSL_TOO_MANY_PROBLEMS', severity: 'error', message, file } as const
  return { ...result, diagnostics: [...all.slice(0, MAX_DIAGNOSTICS), more] }
}

async function compileText(
  file: string,
  text: string,
  fs: SourceFs,
  options: CompileOptions,
  report: Reporter,
  sources: Map<string, string>,
): Promise<CompileResult> {
  const ast = parseInto(text, file, report)
  const level = checkFileLevel(ast, report)
  const inputs = await loadInputs(level, file, fs, report, sources)
  const ctx = {
    report,
    moduleSteps: inputs.moduleSteps,
    ...(inputs.contracts === undefined ? {} : { contracts: inputs.contracts }),
  }
  const stages: StageDraft[] = []
  const seen = new Map<string, StageDraft>()
  for (const scenario of ast.scenarios) {
    const stage = checkScenario(scenario, ctx)
    const clash = seen.get(stage.id)
    if (clash !== undefined) {
      report.error(
        'RUNINK_DSL_DUPLICATE_SCENARIO',
        scenario.titleSpan,
        clash.name === stage.name
          ? `scenario "${stage.name}" is defined twice`
          : `scenarios "${clash.name}" and "${stage.name}" have the same id ${stage.id}`,
        'scenario names identify stages: make them unique',
      )
      continue
    }
    seen.set(stage.id, stage)
    stages.push(stage)
  }
  await checkPaths(stages, {
    file,
    fs,
    report,
    herd: level.herd,
    ...(options.allowedFolders ? { allowedFolders: options.allowedFolders } : {}),
  })
  const graph = buildStageGraph(stages, report)
  if (options.sourcesMustExist === true) await checkSourcesExist(stages, file, fs, report)
  reportNotEnforced(stages, level.herd, report, options.strict === true)
  checkFlow(stages, graph.order ?? [], {
    report,
    strict: options.strict === true,
    ...(inputs.contracts === undefined ? {} : { contracts: inputs.contracts }),
  })
  const display = buildDisplay(ast, stages, level)
  const diagnostics = sortDiagnostics(report.diagnostics)
  if (report.hasErrors() || graph.order === undefined) return { display, diagnostics, sources }
  const { plan, planHash } = buildPlan({
    level,
    stages,
    graph: { ...graph, order: graph.order },
    modules: inputs.modules,
    ...(inputs.contracts === undefined ? {} : { contracts: inputs.contracts }),
  })
  return {
    plan,
    planHash,
    display,
    diagnostics,
    sources,
    ...(inputs.contracts === undefined ? {} : { contracts: inputs.contracts }),
  }
}

/** Diagnostics by file, then position: stable output whatever order checks ran in. */
function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) =>
    a.file === b.file
      ? (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)
      : a.file < b.file
        ? -1
        : 1,
  )
}
