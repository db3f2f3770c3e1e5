import { serialize } from '@marcbachmann/cel-js'
import { parseCel } from '@runink/contracts'
import { StageError } from './stage-error.js'

/** A compiled CEL expression: evaluate with named variables. */
export type CelFunction = (vars: Record<string, unknown>) => unknown

/** A CEL AST node as cel-js prints and parses it. */
interface Node {
  readonly op: string
  readonly args: unknown
}

const isNode = (x: unknown): x is Node =>
  typeof x === 'object' && x !== null && 'op' in x && 'args' in x

/**
 * Compiles a CEL expression once (never `eval`); `what` names it in errors. `has(x.f)` is true
 * only when `f` is present and not null (as for a message field in CEL): records hand every
 * contract field to CEL, absent ones as null (see `celRecord`), so presence alone would say
 * nothing. A failure names the fields of the expression that were null or absent.
 */
export function compileCel(source: string, what: string): CelFunction {
  let fn: (vars: Record<string, unknown>) => unknown
  let paths: string[][]
  try {
    // RE2 `matches()`: a filter or when over hostile records stays linear in their size.
    const ast = plain(parseCel(source).ast)
    paths = fieldPaths(ast)
    const text = source.includes('has') ? serialize(hasMeansSet(ast) as never) : source
    fn = parseCel(text) as unknown as (vars: Record<string, unknown>) => unknown
  } catch (error) {
    throw new StageError('RUNINK_STAGE_BAD_EXPRESSION', `${what}: ${firstLine(error)}`, {
      expression: source,
    })
  }
  return (vars) => {
    try {
      return fn(vars)
    } catch (error) {
      const culprits = nullPaths(paths, vars)
      if (culprits.length === 0) throw error
      throw new Error(`${firstLine(error)} (${culprits.join(', ')})`, { cause: error })
    }
  }
}

/** The AST as plain `{op, args}` objects (cel-js nodes carry parse-time state). */
function plain(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(plain)
  return isNode(node) ? { op: node.op, args: plain(node.args) } : node
}

/** `has(x.f)` → `has(x.f) && x.f != null`, everywhere in the tree. */
function hasMeansSet(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(hasMeansSet)
  if (!isNode(node) || node.op === 'value' || node.op === 'id') return node
  const args = node.args as unknown[]
  if (node.op === 'call' && args[0] === 'has' && Array.isArray(args[1]) && args[1].length === 1)
    return { op: '&&', args: [node, { op: '!=', args: [args[1][0], { op: 'value', args: null }] }] }
  return { op: node.op, args: hasMeansSet(node.args) }
}

/** Every `a.b.c` select path of the expression rooted at a variable, outermost only. */
function fieldPaths(root: unknown): string[][] {
  const out: string[][] = []
  const pathOf = (n: unknown): string[] | undefined => {
    if (!isNode(n)) return undefined
    if (n.op === 'id' && typeof n.args === 'string') return [n.args]
    if (n.op !== '.' || !Array.isArray(n.args)) return undefined
    const base = pathOf(n.args[0])
    return base === undefined ? undefined : [...base, String(n.args[1])]
  }
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk)
    if (!isNode(n) || n.op === 'value') return
    const p = pathOf(n)
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

/** The first line of an error's message (CEL errors carry a source excerpt after it). */
export function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''
}
