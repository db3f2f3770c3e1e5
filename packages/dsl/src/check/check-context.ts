import type { ContractSet } from '@runink/contracts'
import type { Reporter } from '../diagnostics/reporter.js'
import type { ModuleStep } from './read-step-module.js'

/** An exported step of a `@steps` module. */
export interface ResolvedModuleStep extends ModuleStep {
  /** The module's path relative to the feature file. */
  readonly module: string
  readonly sha256: string
}

/** What scenario checks need from the file level. */
export interface CheckContext {
  readonly report: Reporter
  readonly contracts?: ContractSet
  /** Exported steps by name. */
  readonly moduleSteps: ReadonlyMap<string, ResolvedModuleStep>
}
