import path from 'node:path'
import { RuninkError } from '@runink/core'
import { PlanRunCodes } from '@runink/protocol'
import type { LoadedContract } from '@runink/contracts'
import type { Plan, PlanContractRef, PlanStep } from '@runink/dsl'
import type { RunnableStage, RunnableStep } from './runnable-stage.js'

// Defined in @runink/protocol's static code table; re-exported for this package's callers.
export { PlanRunCodes }

/** Finds the loaded contract a plan pins (by name and version). */
export type ContractLookup = (ref: PlanContractRef) => LoadedContract | undefined

function pinned(ref: PlanContractRef, lookup: ContractLookup): LoadedContract {
  const loaded = lookup(ref)
  if (!loaded) {
    throw new RuninkError(
      PlanRunCodes.RUNINK_RUN_CONTRACT_MISSING,
      `contract ${ref.name}@${ref.version} is not loaded`,
      { details: { ...ref } },
    )
  }
  if (loaded.hash !== ref.hash) {
    throw new RuninkError(
      PlanRunCodes.RUNINK_RUN_CONTRACT_CHANGED,
      `contract ${ref.name}@${ref.version} changed since the plan was compiled (${ref.hash} → ${loaded.hash}); recompile, and bump its version`,
      { details: { ...ref, actual: loaded.hash } },
    )
  }
  return loaded
}

function runnableStep(step: PlanStep, baseDir: string): RunnableStep {
  switch (step.kind) {
    case 'builtin':
      return { kind: 'builtin', name: step.name, params: step.params }
    case 'module':
      return {
        kind: 'module',
        name: step.name,
        module: path.resolve(baseDir, step.module),
        params: step.params,
      }
    case 'exec':
      return { kind: 'exec', name: step.name, command: step.command, params: step.params }
  }
}

/**
 * The plan's stages as the engine runs them: contracts resolved and checked against the
 * hashes the plan pinned, module paths made absolute, dependencies from the plan's edges.
 */
export function stagesFromPlan(
  plan: Plan,
  options: { baseDir: string; contracts: ContractLookup },
): RunnableStage[] {
  const moduleHashes = new Map(plan.modules.map((m) => [m.path, m.sha256]))
  return plan.stages.map((stage) => {
    const first = stage.steps[0]
    const stepCodeHashes: Record<string, string> = {}
    for (const step of stage.steps) {
      if (step.kind === 'module')
        stepCodeHashes[step.module] = moduleHashes.get(step.module) ?? step.moduleSha256
    }
    return {
      id: stage.id,
      name: stage.name,
      nodeHash: stage.hash,
      dependsOn: [...new Set(plan.edges.filter((e) => e.to === stage.id).map((e) => e.from))],
      sources: stage.sources.map((s) => ({
        uri: s.uri,
        mode: s.mode,
        ...(s.table ? { table: s.table } : {}),
        ...(s.csv ? { csv: s.csv } : {}),
        ...(s.contract ? { contract: pinned(s.contract, options.contracts) } : {}),
      })),
      steps: stage.steps.map((s) => runnableStep(s, options.baseDir)),
      sinks: stage.sinks.map((s) => ({
        uri: s.uri,
        ...(s.when !== undefined ? { when: s.when } : {}),
        ...(s.role !== undefined ? { role: s.role } : {}),
        acceptsInvalid: s.acceptsInvalid,
      })),
      contract: pinned(stage.contract, options.contracts),
      ...(first?.in ? { inputContract: pinned(first.in, options.contracts) } : {}),
      resources: stage.resources,
      retry: stage.retry,
      cache: stage.cache,
      asserts: stage.asserts,
      ...(stage.allowEmpty === true ? { allowEmpty: true } : {}),
      ...(stage.parallelism.n > 1
        ? {
            partition: {
              n: stage.parallelism.n,
              ...(stage.parallelism.by ? { by: stage.parallelism.by } : {}),
            },
          }
        : {}),
      stepCodeHashes,
    }
  })
}
