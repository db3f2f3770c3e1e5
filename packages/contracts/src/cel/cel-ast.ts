import type { ASTNode } from '@marcbachmann/cel-js'

/** A node of a parsed CEL expression (`parseCel(…).ast`), as cel-js builds it. */
export type CelAst = ASTNode

/** The shape every CEL AST node has; `start`/`end` locate it in the source. */
export interface CelNode {
  readonly op: string
  readonly args: unknown
  readonly start?: number
  readonly end?: number
}

/** True for a CEL AST node. */
export const isCelNode = (x: unknown): x is CelNode =>
  typeof x === 'object' && x !== null && 'op' in x && 'args' in x

/** The AST as plain `{op, args}` objects (cel-js nodes carry parse-time state). */
export function plainCelAst(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(plainCelAst)
  return isCelNode(node) ? { op: node.op, args: plainCelAst(node.args) } : node
}

/** The dotted path of `a.b.c` (a variable and its selects), or undefined for anything else. */
export function celPath(node: unknown): string[] | undefined {
  if (!isCelNode(node)) return undefined
  if (node.op === 'id' && typeof node.args === 'string') return [node.args]
  if (node.op !== '.' || !Array.isArray(node.args)) return undefined
  const base = celPath(node.args[0])
  return base === undefined ? undefined : [...base, String(node.args[1])]
}
