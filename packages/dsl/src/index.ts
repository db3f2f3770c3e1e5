export { parseFeature } from './syntax/parse-feature.js'
export type { ParseResult } from './syntax/parse-feature.js'
export type {
  FeatureFile,
  FeatureNode,
  ScenarioNode,
  Annotation,
  Arg,
  Value,
  StringValue,
  WordValue,
  AnnotationValue,
  NarrativeLine,
  ContractBinding,
} from './syntax/ast.js'
export type { Span } from './syntax/span.js'
export { compileFeature } from './compile-feature.js'
export type { CompileOptions, CompileResult } from './compile-feature.js'
export type { AllowedFolder, AllowedFolders } from './check/check-paths.js'
export { DslCodes } from './diagnostics/dsl-codes.js'
export type { DslCode } from './diagnostics/dsl-codes.js'
export type { Diagnostic } from './diagnostics/diagnostic.js'
export { isError } from './diagnostics/diagnostic.js'
export { formatDiagnostic } from './diagnostics/format-diagnostic.js'
export type { FormatOptions } from './diagnostics/format-diagnostic.js'
export { PLAN_FORMAT } from './plan/plan.js'
export type {
  Plan,
  PlanStage,
  PlanSource,
  PlanStep,
  PlanBuiltinStep,
  PlanSink,
  PlanParam,
  PlanEdge,
  PlanModule,
  PlanContractRef,
  PlanWindow,
  PlanResources,
  PlanRetry,
  PlanParallelism,
  PlanAffinity,
  PlanAuto,
  PlanDisplay,
  DisplayText,
} from './plan/plan.js'
export { ASSERT_VARIABLES } from './plan/assert-variables.js'
export { explainPlan } from './present/explain-plan.js'
export { planToDot } from './present/plan-to-dot.js'
export { planToMermaid } from './present/plan-to-mermaid.js'
export { BuiltinStep, BUILTIN_PARAMS } from './check/builtin-steps.js'
export type { BuiltinParams, BuiltinParamKind, BuiltinParamSpec } from './check/builtin-steps.js'
export { UriScheme } from './check/parse-uri.js'
export { readStepModule } from './check/read-step-module.js'
export type { ModuleStep, StepModuleInfo } from './check/read-step-module.js'
export { parseDurationMs, parseCpuMillis, parseMemoryBytes } from './check/units.js'
export { memorySourceFs } from './memory-source-fs.js'
export { NotEnforced, notEnforcedIn, CONNECTED_SCHEMES } from './check/not-enforced.js'
export type { NotEnforcedItem } from './check/not-enforced.js'
export { stageDiagnostic } from './diagnostics/stage-diagnostic.js'
export type { StagePlace, StageProblem } from './diagnostics/stage-diagnostic.js'
