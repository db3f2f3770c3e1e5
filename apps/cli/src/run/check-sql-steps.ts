import type { Contract, ContractSet } from '@runink/contracts'
import {
  stageDiagnostic,
  type Diagnostic,
  type Plan,
  type PlanContractRef,
  type PlanStage,
  type PlanStep,
} from '@runink/dsl'
import { checkSql, tableNameOf } from '@runink/engine'

/** Built-in steps that hand on records of the same contract they read. */
const SAME_SHAPE: ReadonlySet<string> = new Set(['validate', 'mask', 'filter', 'dedupe', 'quality'])
const keepsShape = (s: PlanStep): boolean =>
  s.kind === 'builtin' && SAME_SHAPE.has(s.name) && s.out === undefined

/**
 * Prepares every `sql` step of the plan in DuckDB against empty tables typed from the contract
 * of its input and checks the result against the contract of its output (`checkSql`), where
 * both are known: a problem becomes a `RUNINK_DSL_SQL` diagnostic at the step.
 */
export async function checkSqlSteps(
  file: string,
  text: string,
  plan: Plan,
  contracts: ContractSet | undefined,
): Promise<Diagnostic[]> {
  if (contracts === undefined) return []
  const model = (ref: PlanContractRef | undefined): Contract | undefined =>
    ref === undefined ? undefined : contracts.get(ref.name, ref.version)?.model
  const out: Diagnostic[] = []
  for (const stage of plan.stages)
    for (const [index, step] of stage.steps.entries()) {
      if (step.kind !== 'builtin' || step.name !== 'sql') continue
      const query = step.params.sql
      const tables = tablesOf(stage, index, plan, model)
      if (typeof query !== 'string' || tables === undefined) continue
      const output = model(step.out) ?? outputOf(stage, index, model)
      const problems = await checkSql(query, { tables, ...(output ? { output } : {}) })
      for (const p of problems)
        out.push(
          stageDiagnostic(
            file,
            text,
            { stage: stage.id, annotation: 'step', index },
            {
              code: 'RUNINK_DSL_SQL',
              severity: p.severity,
              message: `sql: ${p.message}`,
              ...(p.hint === undefined ? {} : { hint: p.hint }),
            },
          ),
        )
    }
  return out
}

/** The contract a source's records have, as the slice reads them (see `sourceContract`). */
function sourceModel(
  stage: PlanStage,
  source: PlanStage['sources'][number],
  plan: Plan,
  model: (ref: PlanContractRef | undefined) => Contract | undefined,
): Contract | undefined {
  const producer = plan.stages.find((s) => s.id === source.fromStage)
  return (
    model(source.contract) ??
    model(stage.steps[0]?.in) ??
    model(producer?.contract) ??
    (source.mode === 'coerce' ? model(stage.contract) : undefined)
  )
}

/** The tables the query at `index` sees, typed; undefined when some type is unknown. */
function tablesOf(
  stage: PlanStage,
  index: number,
  plan: Plan,
  model: (ref: PlanContractRef | undefined) => Contract | undefined,
): Record<string, Contract> | undefined {
  const before = stage.steps.slice(0, index)
  if (index === 0 && stage.sources.length > 1) {
    const tables: Record<string, Contract> = {}
    for (const s of stage.sources) {
      const c = sourceModel(stage, s, plan, model)
      if (c === undefined) return undefined
      tables[s.table ?? tableNameOf(s.uri)] = c
    }
    return tables
  }
  const previous = before.at(-1)
  const declared = model(previous?.out) ?? model(stage.steps[index]?.in)
  if (declared !== undefined) return { input: declared }
  if (stage.sources.length !== 1 || !before.every(keepsShape)) return undefined
  const c = sourceModel(stage, stage.sources[0] as PlanStage['sources'][number], plan, model)
  return c === undefined ? undefined : { input: c }
}

/** The stage contract, when nothing after the step changes the records' shape. */
function outputOf(
  stage: PlanStage,
  index: number,
  model: (ref: PlanContractRef | undefined) => Contract | undefined,
): Contract | undefined {
  return stage.steps.slice(index + 1).every(keepsShape) ? model(stage.contract) : undefined
}
