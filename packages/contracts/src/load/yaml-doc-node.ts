import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml'
import type { DocEntry, DocNode, Position } from './doc-node.js'

/** Converts a parsed YAML (or JSON) document into a located document tree. */
export function yamlDocNode(doc: Document, lines: LineCounter): DocNode {
  const at = (node: Node | null | undefined): Position | undefined => {
    const range = node?.range
    // An empty value (`key:`) sits past the colon; its key is the better place to point at.
    if (range === undefined || range === null || range[0] === range[1]) return undefined
    const offset = range[0]
    const { line, col } = lines.linePos(offset)
    return { line, column: col }
  }
  const convert = (node: unknown, seen: ReadonlySet<unknown>): DocNode => {
    if (isAlias(node)) {
      const target = node.resolve(doc)
      // A self-referencing alias would loop; it becomes an empty value the checker rejects.
      if (target === undefined || seen.has(target))
        return { kind: 'scalar', value: null, at: at(node) }
      return convert(target, new Set([...seen, target]))
    }
    if (isMap(node)) {
      const entries: DocEntry[] = node.items.map((pair) => {
        const key = isScalar(pair.key) ? pair.key.value : pair.key
        return {
          key: String(key),
          keyAt: at(pair.key as Node),
          value: convert(pair.value, seen),
        }
      })
      return { kind: 'map', entries, at: at(node) }
    }
    if (isSeq(node))
      return { kind: 'seq', items: node.items.map((n) => convert(n, seen)), at: at(node) }
    if (isScalar(node)) return { kind: 'scalar', value: node.value, at: at(node) }
    return { kind: 'scalar', value: null }
  }
  return convert(doc.contents, new Set())
}
