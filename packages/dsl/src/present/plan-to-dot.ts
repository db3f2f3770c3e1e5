import type { Plan } from '../plan/plan.js'

const quote = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`

/** The stage graph in Graphviz DOT: stages as boxes, data edges solid (labelled), @after dashed. */
export function planToDot(plan: Plan): string {
  const lines = [
    `digraph ${quote(plan.feature.name)} {`,
    '  rankdir=LR;',
    '  node [shape=box, style=rounded];',
  ]
  for (const s of plan.stages)
    lines.push(
      `  ${quote(s.id)} [label=${quote(`${s.name}\n${s.contract.name}@${s.contract.version}`)}];`,
    )
  for (const e of plan.edges)
    lines.push(
      `  ${quote(e.from)} -> ${quote(e.to)}${e.kind === 'after' ? ' [style=dashed, label="after"]' : ` [label=${quote(e.via ?? '')}]`};`,
    )
  lines.push('}')
  return lines.join('\n')
}
