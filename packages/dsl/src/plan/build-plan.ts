import { hashOf, type Sha256Ref } from '@runink/core'
import type { LoadedContract } from '@runink/contracts'
import type { FileLevel } from '../check/check-file-level.js'
import type { LoadedModule } from '../check/load-inputs.js'
import type { StageDraft, StepDraft } from '../check/stage-draft.js'
import type { StageGraph } from '../check/stage-graph.js'
import type { ContractSet } from '@runink/contracts'
import type { FeatureFile, NarrativeLine } from '../syntax/ast.js'
import {
  PLAN_FORMAT,
  type DisplayText,
  type Plan,
  type PlanContractRef,
  type PlanDisplay,
  type PlanBuiltinStep,
  type PlanStage,
  type PlanStep,
} from './plan.js'

const refOf = (c: LoadedContract): PlanContractRef => ({
  name: c.model.contract,
  version: c.model.version,
  hash: c.hash,
})

/** Inputs of plan assembly, all checked without errors. */
export interface PlanInputs {
  readonly level: FileLevel
  readonly stages: readonly StageDraft[]
  readonly graph: StageGraph & { readonly order: string[] }
  readonly modules: readonly LoadedModule[]
  readonly contracts?: ContractSet
}

function stepOf(
  s: StepDraft,
  used: Map<string, PlanContractRef>,
  contracts?: ContractSet,
): PlanStep {
  const pin = (name: string | undefined): PlanContractRef | undefined => {
    const c = name === undefined ? undefined : contracts?.resolveRef(name)
    if (c === undefined) return undefined
    const ref = refOf(c)
    used.set(c.ref, ref)
    return ref
  }
  const io = {
    ...(pin(s.in?.name) === undefined ? {} : { in: pin(s.in?.name) }),
    ...(pin(s.out?.name) === undefined ? {} : { out: pin(s.out?.name) }),
  } as { in?: PlanContractRef; out?: PlanContractRef }
  const base = { name: s.name, params: s.params, ...io }
  if (s.kind === 'module')
    return { kind: 'module', ...base, module: s.module ?? '', moduleSha256: s.moduleSha256 ?? '' }
  if (s.kind === 'exec') return { kind: 'exec', ...base, command: s.command ?? '' }
  // checkBuiltin (and the CEL check) built the params under BUILTIN_PARAMS's canonical names.
  return { kind: 'builtin', ...base } as PlanBuiltinStep
}

function stageOf(
  s: StageDraft,
  level: FileLevel,
  byName: Map<string, StageDraft>,
  used: Map<string, PlanContractRef>,
  contracts?: ContractSet,
): PlanStage {
  const contract = s.contract as LoadedContract
  used.set(contract.ref, refOf(contract))
  const idOf = (name: string): string => byName.get(name)?.id ?? name
  const body: Omit<PlanStage, 'hash'> = {
    id: s.id,
    name: s.name,
    herd: s.herd ?? level.herd,
    contract: refOf(contract),
    sources: s.sources.map((src) => {
      const claimed =
        src.contract === undefined ? undefined : contracts?.resolveRef(src.contract.name)
      if (claimed !== undefined) used.set(claimed.ref, refOf(claimed))
      return {
        uri: src.uri.uri,
        scheme: src.uri.scheme,
        location: src.uri.location,
        mode: src.mode,
        ...(src.table === undefined ? {} : { table: src.table }),
        ...(claimed === undefined ? {} : { contract: refOf(claimed) }),
        ...(src.window === undefined ? {} : { window: src.window }),
        meta: src.meta,
        ...(src.csv === undefined ? {} : { csv: src.csv }),
        ...(src.fromStage === undefined ? {} : { fromStage: src.fromStage }),
      }
    }),
    steps: s.steps.map((st) => stepOf(st, used, contracts)),
    sinks: s.sinks.map((k) => ({
      uri: k.uri.uri,
      scheme: k.uri.scheme,
      location: k.uri.location,
      ...(k.canonicalWhen === undefined ? {} : { when: k.canonicalWhen }),
      ...(k.role === undefined ? {} : { role: k.role }),
      acceptsInvalid: k.acceptsInvalid === true,
    })),
    invalid: s.sinks.some((k) => k.acceptsInvalid === true) ? 'routed' : 'fail',
    asserts: s.canonicalAsserts,
    resources: s.resources,
    retry: s.retry,
    cache: s.cache,
    ...(s.allowEmpty === true ? { allowEmpty: true as const } : {}),
    parallelism: {
      n: s.parallelism.n,
      ...(s.parallelism.by === undefined ? {} : { by: s.parallelism.by.name }),
    },
    emits: [...s.emits].sort(),
    affinity: {
      labels: s.labels,
      colocateWith: [...new Set(s.colocateWith.map((c) => idOf(c.name)))].sort(),
    },
    after: [...new Set(s.after.map((a) => idOf(a.name)))].sort(),
    auto: s.auto,
    ...(s.golden === undefined ? {} : { golden: s.golden }),
    module: s.module,
  }
  // The node hash covers the stage's whole definition, including contract and step-code hashes.
  return { ...body, hash: hashOf(body) }
}

/** Assembles the canonical plan (stages in topological order) and its hash. */
export function buildPlan(inputs: PlanInputs): { plan: Plan; planHash: Sha256Ref } {
  const { level, stages, graph, modules, contracts } = inputs
  const byName = new Map(stages.map((s) => [s.name, s]))
  const byId = new Map(stages.map((s) => [s.id, s]))
  const used = new Map<string, PlanContractRef>()
  const planStages = graph.order.flatMap((id) => {
    const s = byId.get(id)
    return s === undefined ? [] : [stageOf(s, level, byName, used, contracts)]
  })
  const plan: Plan = {
    format: PLAN_FORMAT,
    feature: { name: level.name, herd: level.herd, version: level.version },
    stages: planStages,
    edges: graph.edges,
    modules: [...modules]
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
      .map((m) => ({ path: m.path, sha256: m.sha256, steps: m.steps })),
    contracts: [...used.values()].sort((a, b) =>
      a.name === b.name ? (a.version < b.version ? -1 : 1) : a.name < b.name ? -1 : 1,
    ),
  }
  return { plan, planHash: hashOf(plan) }
}

const narrativeOf = (lines: readonly NarrativeLine[]): DisplayText['narrative'] =>
  lines.map((l) => ({ keyword: l.keyword, text: l.text }))

/** The prose of the file (titles, descriptions, Given/When/Then), keyed by stage id. */
export function buildDisplay(
  ast: FeatureFile,
  stages: readonly StageDraft[],
  level: FileLevel,
): PlanDisplay {
  const out: Record<string, DisplayText> = {}
  for (const s of stages)
    out[s.id] = {
      title: s.scenario.title,
      description: s.scenario.description,
      narrative: narrativeOf(s.scenario.narrative),
    }
  return {
    file: ast.file,
    feature: {
      title: ast.feature?.title ?? level.name,
      description: ast.feature?.description ?? [],
      narrative: narrativeOf(ast.feature?.narrative ?? []),
    },
    stages: out,
  }
}
