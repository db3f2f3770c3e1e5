import type { PlanStage } from '../plan/plan.js'

/**
 * What the plan records but the engine does not execute yet, each with why. Verified against
 * the engine: `stagesFromPlan` (packages/engine/src/run/stages-from-plan.ts) drops `emits`,
 * `affinity`, `golden`, `auto`, the stage's `herd` and sources' `window`; no sandbox code reads
 * `resources.gpu`; sources and sinks resolve only the schemes in {@link CONNECTED_SCHEMES}
 * (resolve-inputs.ts, sink-target.ts). Remove an entry in the change that makes it run.
 */
export const NotEnforced = {
  emits: 'no event bus yet: the topic is never announced',
  affinity: 'no scheduler reads labels yet: local runs place every slice on this machine',
  golden: 'golden files are not compared: `runi test` does not exist yet',
  auto: 'LLM-proposed steps are not materialised yet: the stage runs without it',
  herd: "a stage runs in the feature's herd: a stage's own @herd is not applied",
  gpu: 'slices get no GPU and the request is not checked',
  window: 'windows are not applied: the source is read whole',
  scheme: 'no connector for this scheme yet: a run fails when it reaches it',
} as const
export type NotEnforced = keyof typeof NotEnforced

/** URI schemes a local run can read and write. */
export const CONNECTED_SCHEMES: ReadonlySet<string> = new Set([
  'csv',
  'jsonl',
  'json',
  'parquet',
  'dataset',
])

/** One thing of a plan's stage that is compiled but not executed. */
export interface NotEnforcedItem {
  readonly what: NotEnforced
  /** The value concerned, for messages: a topic, a URI, a herd. */
  readonly detail: string
}

/** What of a compiled stage is not executed yet (`featureHerd`: the herd the run uses). */
export function notEnforcedIn(stage: PlanStage, featureHerd: string): NotEnforcedItem[] {
  const out: NotEnforcedItem[] = []
  for (const topic of stage.emits) out.push({ what: 'emits', detail: topic })
  const labels = Object.entries(stage.affinity.labels).map(([k, v]) => `${k}=${v}`)
  if (labels.length + stage.affinity.colocateWith.length > 0)
    out.push({ what: 'affinity', detail: [...labels, ...stage.affinity.colocateWith].join(', ') })
  if (stage.golden !== undefined) out.push({ what: 'golden', detail: stage.golden })
  for (const a of stage.auto) out.push({ what: 'auto', detail: a.prompt })
  if (stage.herd !== featureHerd) out.push({ what: 'herd', detail: stage.herd })
  if (stage.resources.gpu !== undefined)
    out.push({ what: 'gpu', detail: String(stage.resources.gpu) })
  for (const s of stage.sources) {
    if (s.window !== undefined) out.push({ what: 'window', detail: s.uri })
    if (!CONNECTED_SCHEMES.has(s.scheme)) out.push({ what: 'scheme', detail: s.uri })
  }
  for (const s of stage.sinks)
    if (!CONNECTED_SCHEMES.has(s.scheme)) out.push({ what: 'scheme', detail: s.uri })
  return out
}

/** The short mark `explain` puts after a line that is not in force. */
export const notEnforcedMark = (what: NotEnforced): string => `(not enforced: ${NotEnforced[what]})`
