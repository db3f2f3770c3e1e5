import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  visit,
  type Alias,
  type Document,
  type LineCounter,
  type Node,
} from 'yaml'
import { MAX_CONTRACT_DEPTH } from './contract-limits.js'
import type { DocEntry, DocNode, Position } from './doc-node.js'

/**
 * Converts a parsed YAML (or JSON) document into a located document tree. Mappings and lists
 * nested deeper than {@link MAX_CONTRACT_DEPTH} become empty values and `onTooDeep` is told
 * where the first one is (the conversion recurses; a deeper tree could overflow the stack).
 */
export function yamlDocNode(
  doc: Document,
  lines: LineCounter,
  onTooDeep: (at: Position | undefined) => void = () => undefined,
): DocNode {
  const at = (node: Node | null | undefined): Position | undefined => {
    const range = node?.range
    // An empty value (`key:`) sits past the colon; its key is the better place to point at.
    if (range === undefined || range === null || range[0] === range[1]) return undefined
    const offset = range[0]
    const { line, col } = lines.linePos(offset)
    return { line, column: col }
  }
  const targets = aliasTargets(doc)
  let tooDeep = false
  const convert = (node: unknown, seen: ReadonlySet<unknown>, depth: number): DocNode => {
    if (isAlias(node)) {
      const target = targets.get(node)
      // A self-referencing alias would loop; it becomes an empty value the checker rejects.
      if (target === undefined || seen.has(target))
        return { kind: 'scalar', value: null, at: at(node) }
      return convert(target, new Set([...seen, target]), depth)
    }
    if ((isMap(node) || isSeq(node)) && depth >= MAX_CONTRACT_DEPTH) {
      if (!tooDeep) onTooDeep(at(node))
      tooDeep = true
      return { kind: 'scalar', value: null, at: at(node) }
    }
    if (isMap(node)) {
      const entries: DocEntry[] = node.items.map((pair) => {
        const key = isScalar(pair.key) ? pair.key.value : pair.key
        return {
          key: String(key),
          keyAt: at(pair.key as Node),
          value: convert(pair.value, seen, depth + 1),
        }
      })
      return { kind: 'map', entries, at: at(node) }
    }
    if (isSeq(node))
      return {
        kind: 'seq',
        items: node.items.map((n) => convert(n, seen, depth + 1)),
        at: at(node),
      }
    if (isScalar(node)) return { kind: 'scalar', value: node.value, at: at(node) }
    return { kind: 'scalar', value: null }
  }
  return convert(doc.contents, new Set(), 0)
}

/**
 * What each alias stands for, found in one pass: the last node before it with its anchor (as
 * `Alias.resolve` does, but that walks the whole document once per alias).
 */
function aliasTargets(doc: Document): Map<Alias, Node> {
  const anchors = new Map<string, Node>()
  const targets = new Map<Alias, Node>()
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) {
        const target = anchors.get(node.source)
        if (target !== undefined) targets.set(node, target)
      } else if (typeof node.anchor === 'string') anchors.set(node.anchor, node)
    },
  })
  return targets
}
