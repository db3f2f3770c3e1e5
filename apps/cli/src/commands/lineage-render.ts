import type { LineageGraph, LineageNode } from '@runink/store'

/** How a node reads on screen: `dataset://name` for Barn datasets, `file:/path`, `job name`. */
export function nodeLabel(node: LineageNode): string {
  if (node.kind === 'job') return `job ${node.name}`
  if (node.namespace.startsWith('runink://')) return `dataset://${node.name}`
  if (node.namespace === 'file') return `file:${node.name}`
  return `${node.namespace}/${node.name}`
}

/** The graph as an indented tree from each start, following edges up or down. */
export function renderTree(
  graph: LineageGraph,
  starts: readonly string[],
  direction: 'upstream' | 'downstream',
): string {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]))
  const next = (id: string): string[] =>
    graph.edges
      .filter((e) => (direction === 'upstream' ? e.to === id : e.from === id))
      .map((e) => (direction === 'upstream' ? e.from : e.to))
      .sort()
  const lines: string[] = []
  const walk = (
    id: string,
    prefix: string,
    last: boolean,
    depth: number,
    path: Set<string>,
  ): void => {
    const node = byId.get(id)
    if (!node) return
    const branch = depth === 0 ? '' : last ? '└─ ' : '├─ '
    lines.push(`${prefix}${branch}${nodeLabel(node)}${path.has(id) ? ' (cycle)' : ''}`)
    if (path.has(id)) return
    const children = next(id)
    const childPrefix = depth === 0 ? '' : `${prefix}${last ? '   ' : '│  '}`
    children.forEach((child, i) =>
      walk(child, childPrefix, i === children.length - 1, depth + 1, new Set([...path, id])),
    )
  }
  for (const start of starts) walk(start, '', true, 0, new Set())
  return lines.join('\n')
}

const quote = (s: string): string => `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`

/** The graph in Graphviz DOT: datasets as boxes, jobs as ellipses, edges in data-flow direction. */
export function renderDot(graph: LineageGraph): string {
  const nodes = graph.nodes.map(
    (n) =>
      `  ${quote(n.id)} [label=${quote(nodeLabel(n))}, shape=${n.kind === 'job' ? 'ellipse' : 'box'}];`,
  )
  const edges = graph.edges.map((e) => `  ${quote(e.from)} -> ${quote(e.to)};`)
  return ['digraph lineage {', '  rankdir=LR;', ...nodes, ...edges, '}'].join('\n')
}
