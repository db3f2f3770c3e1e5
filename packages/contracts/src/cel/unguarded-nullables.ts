import { isCelNode as isNode, type CelNode as Node } from './cel-ast.js'

/** One use of a nullable field where a null value makes the expression fail. */
export interface UnguardedUse {
  /** `record.qty` */
  readonly path: string
  readonly range: { readonly start: number; readonly end: number }
}

/** Operators whose operands fail on null (CEL has no overloads of them for null). */
const FAILS_ON_NULL: ReadonlySet<string> = new Set([
  '<',
  '<=',
  '>',
  '>=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '-_',
  '!_',
  '[]',
])

/** The operands of a node: unary operators hold one node, the others an array. */
const operands = (node: Node): unknown[] =>
  Array.isArray(node.args) ? (node.args as unknown[]) : isNode(node.args) ? [node.args] : []

/** `root.field` of a top-level field select, else undefined. */
function fieldOf(node: unknown, root: string): string | undefined {
  if (!isNode(node) || node.op !== '.' || !Array.isArray(node.args)) return undefined
  const [base, key] = node.args as [unknown, unknown]
  return isNode(base) && base.op === 'id' && base.args === root && typeof key === 'string'
    ? key
    : undefined
}

const isNull = (node: unknown): boolean => isNode(node) && node.op === 'value' && node.args === null

/**
 * Fields known to be non-null when `cond` is `truthy`: `x != null`, `has(x)`, conjunctions
 * (when true) and disjunctions (when false) of them, and negations.
 */
function guarded(cond: unknown, root: string, truthy: boolean): Set<string> {
  const out = new Set<string>()
  if (!isNode(cond)) return out
  const args = operands(cond)
  const [a, b] = args
  if (cond.op === '!=' || cond.op === '==') {
    if (truthy !== (cond.op === '!=')) return out
    const f = isNull(b) ? fieldOf(a, root) : isNull(a) ? fieldOf(b, root) : undefined
    if (f !== undefined) out.add(f)
  } else if (cond.op === 'call' && args[0] === 'has' && truthy) {
    const f = fieldOf((args[1] as unknown[] | undefined)?.[0], root)
    if (f !== undefined) out.add(f)
  } else if (cond.op === '!_') {
    return guarded(a, root, !truthy)
  } else if ((cond.op === '&&' && truthy) || (cond.op === '||' && !truthy)) {
    for (const x of args) for (const f of guarded(x, root, truthy)) out.add(f)
  }
  return out
}

/**
 * Uses of nullable fields of `root` (e.g. `record`) as operands of comparisons, arithmetic,
 * negation, indexing, `size()`, or receivers of a method (`record.name.size()`) that no guard before them makes safe:
 * `x != null && …`, `has(x) && …`, `x == null || …`, `x != null ? … : …`. Equality with a
 * value (`x == 5`) and `x in [...]` are safe on null and not reported.
 */
export function unguardedNullables(
  ast: unknown,
  root: string,
  nullable: ReadonlySet<string>,
): UnguardedUse[] {
  const out: UnguardedUse[] = []
  const use = (node: unknown, safe: ReadonlySet<string>): void => {
    const f = fieldOf(node, root)
    if (f === undefined || !nullable.has(f) || safe.has(f)) return
    const n = node as Node
    out.push({ path: `${root}.${f}`, range: { start: n.start ?? 0, end: n.end ?? 0 } })
  }
  const walk = (node: unknown, safe: ReadonlySet<string>): void => {
    if (Array.isArray(node)) {
      for (const x of node) walk(x, safe)
      return
    }
    if (!isNode(node) || node.op === 'value' || node.op === 'id') return
    const args = operands(node)
    const plus = (more: Set<string>): Set<string> => new Set([...safe, ...more])
    if (node.op === '&&' || node.op === '||') {
      const [a, b] = args
      walk(a, safe)
      walk(b, plus(guarded(a, root, node.op === '&&')))
      return
    }
    if (node.op === '?:') {
      const [c, t, e] = args
      walk(c, safe)
      walk(t, plus(guarded(c, root, true)))
      walk(e, plus(guarded(c, root, false)))
      return
    }
    if (node.op === 'call' && args[0] === 'has') return
    if (FAILS_ON_NULL.has(node.op)) for (const x of args) use(x, safe)
    if (node.op === 'rcall') use(args[1], safe)
    if (node.op === 'call' && args[0] === 'size') use((args[1] as unknown[] | undefined)?.[0], safe)
    walk(args, safe)
  }
  walk(ast, new Set())
  return out
}
