import type { Plan } from '../plan/plan.js'

/** Mermaid node ids must be plain words; stage ids are kebab case. */
const nodeId = (id: string): string => `s_${id.replace(/[^A-Za-z0-9_]/g, '_')}`
const label = (s: string): string => s.replace(/"/g, '#quot;')

/** The stage graph as a Mermaid flowchart: data edges labelled with the URI, @after dotted. */
export function planToMermaid(plan: Plan): string {
  const lines = ['flowchart LR']
  for (const s of plan.stages)
    lines.push(
      `  ${nodeId(s.id)}["${label(s.name)}<br/>${label(`${s.contract.name}@${s.contract.version}`)}"]`,
    )
  for (const e of plan.edges)
    lines.push(
      e.kind === 'after'
        ? `  ${nodeId(e.from)} -.->|after| ${nodeId(e.to)}`
        : `  ${nodeId(e.from)} -->|"${label(e.via ?? '')}"| ${nodeId(e.to)}`,
    )
  return lines.join('\n')
}
