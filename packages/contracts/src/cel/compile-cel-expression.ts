import { serialize } from '@marcbachmann/cel-js'
import { celErrorLine } from './cel-error-line.js'
import { celPath, isCelNode, plainCelAst } from './cel-ast.js'
import { parseCel } from './parse-cel.js'

/** A compiled CEL expression: evaluate with named variables (`record`, `params`, …). */
export type CelFunction = (vars: Record<string, unknown>) => unknown

/**
 * Compiles a CEL expression once (never `eval`) for evaluation against records converted by
 * `celRecord`. `matches()` runs with RE2 (see `parseCel`), so an expression over hostile records
 * stays linear in their size. `has(x.f)` is true only when `f` is present and not null (as for a
 * message field in CEL): `celRecord` hands every contract field to CEL, absent ones as null, so
 * presence alone would say nothing. Throws cel-js's errors (a `ParseError` carries `range`, the
 * position in `source`) or `parseCel`'s; an evaluation failure names the fields of the expression
 * that were null or absent: `no such overload: dyn<null> > int (record.qty is null)`.
 */
export function compileCelExpression(source: string): CelFunction {
  const ast = plainCelAst(parseCel(source).ast)
  const paths = fieldPaths(ast)
  const text = source.includes('has') ? serialize(hasMeansSet(ast) as never) : source
  const fn = parseCel(text) as unknown as CelFunction
  return (vars) => {
    try {
      return fn(vars)
    } catch (error) {
      const culprits = nullPaths(paths, vars)
      if (culprits.length === 0) throw error
      throw new Error(`${celErrorLine(error)} (${culprits.join(', ')})`, { cause: error })
    }
  }
}

/** `has(x.f)` → `has(x.f) && x.f != null`, everywhere in the tree. */
function hasMeansSet(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(hasMeansSet)
  if (!isCelNode(node) || node.op === 'value' || node.op === 'id') return node
  const args = node.args as unknown[]
  if (node.op === 'call' && args[0] === 'has' && Array.isArray(args[1]) && args[1].length === 1)
    return { op: '&&', args: [node, { op: '!=', args: [args[1][0], { op: 'value', args: null }] }] }
  return { op: node.op, args: hasMeansSet(node.args) }
}

/** Every `a.b.c` select path of the expression rooted at a variable, outermost only. */
function fieldPaths(root: unknown): string[][] {
  const out: string[][] = []
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk)
    if (!isCelNode(n) || n.op === 'value') return
    const p = celPath(n)
    if (p !== undefined) {
      if (p.length > 1 && !out.some((q) => q.join('.') === p.join('.'))) out.push(p)
      return
    }
    walk(n.args)
  }
  walk(root)
  return out
}

/** `record.qty is null`, `record.note is absent`: the paths whose value is missing. */
function nullPaths(paths: readonly string[][], vars: Record<string, unknown>): string[] {
  const out: string[] = []
  for (const p of paths) {
    let value: unknown = vars
    for (const [i, key] of p.entries()) {
      const holder = value
      if (typeof holder !== 'object' || holder === null || holder instanceof Map) break
      if (!Object.hasOwn(holder, key)) {
        out.push(`${p.slice(0, i + 1).join('.')} is absent`)
        break
      }
      value = (holder as Record<string, unknown>)[key]
      if (value === null) {
        out.push(`${p.slice(0, i + 1).join('.')} is null`)
        break
      }
    }
  }
  return [...new Set(out)].slice(0, 3)
}
