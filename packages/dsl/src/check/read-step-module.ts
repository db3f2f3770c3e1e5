import { parse } from '@babel/parser'
import type { Diagnostic } from '../diagnostics/diagnostic.js'

/** A step a module exports, as read from its source (the code itself never runs). */
export interface ModuleStep {
  readonly name: string
  /** The `in` contract the step declares, if it declares one as a string literal. */
  readonly in?: string
  readonly out?: string
}

/** What a step module exports. */
export interface StepModuleInfo {
  readonly steps: readonly ModuleStep[]
  readonly diagnostics: Diagnostic[]
}

// Babel's AST types come from @babel/types, which is not a dependency: read nodes structurally.
interface Node {
  readonly type: string
  readonly [key: string]: unknown
}
const isNode = (v: unknown): v is Node =>
  typeof v === 'object' && v !== null && typeof (v as Node).type === 'string'

/** Unwraps `x as const`, `x satisfies T`, `<T>x`, `x!` and parentheses. */
function unwrap(node: unknown): Node | undefined {
  let n = isNode(node) ? node : undefined
  while (
    n !== undefined &&
    [
      'TSAsExpression',
      'TSSatisfiesExpression',
      'TSTypeAssertion',
      'TSNonNullExpression',
      'ParenthesizedExpression',
    ].includes(n.type)
  )
    n = isNode(n.expression) ? n.expression : undefined
  return n
}

function calleeName(node: Node): string | undefined {
  const callee = unwrap(node.callee)
  if (callee?.type === 'Identifier') return callee.name as string
  if (
    callee?.type === 'MemberExpression' &&
    isNode(callee.property) &&
    callee.property.type === 'Identifier'
  )
    return callee.property.name as string
  return undefined
}

function keyName(prop: Node): string | undefined {
  const key = prop.key
  if (!isNode(key)) return undefined
  if (key.type === 'Identifier' && prop.computed !== true) return key.name as string
  if (key.type === 'StringLiteral') return key.value as string
  return undefined
}

/**
 * Reads a TypeScript or JavaScript step module statically: every `export const Name =
 * defineStep({ in: 'c', out: 'c', … })` (also via `export { Name }`). Nothing is executed.
 */
export function readStepModule(source: string, path: string): StepModuleInfo {
  const diagnostics: Diagnostic[] = []
  const problem = (
    message: string,
    loc?: { line: number; column: number },
    hint?: string,
  ): void => {
    diagnostics.push({
      code: 'RUNINK_DSL_STEP_MODULE_INVALID',
      severity: 'error',
      message,
      file: path,
      ...(loc === undefined ? {} : { line: loc.line, column: loc.column + 1 }),
      ...(hint === undefined ? {} : { hint }),
    })
  }
  const typescript = /\.[cm]?tsx?$/.test(path)
  let program: Node
  try {
    const file = parse(source, {
      sourceType: 'module',
      plugins: typescript ? ['typescript'] : ['jsx'],
      errorRecovery: true,
    }) as unknown as Node & {
      errors?: Array<{
        reasonCode?: string
        message: string
        loc?: { line: number; column: number }
      }>
    }
    for (const e of file.errors ?? []) problem(`does not parse: ${e.message}`, e.loc)
    program = file.program as Node
  } catch (error) {
    const e = error as { message?: string; loc?: { line: number; column: number } }
    problem(`does not parse: ${e.message ?? String(error)}`, e.loc)
    return { steps: [], diagnostics }
  }
  const defined = new Map<string, Node>()
  const exported: Array<{ local: string; name: string }> = []
  for (const stmt of (program.body as Node[]) ?? []) {
    const decl = stmt.type === 'ExportNamedDeclaration' ? (stmt.declaration as Node | null) : stmt
    if (decl?.type === 'VariableDeclaration') {
      for (const d of (decl.declarations as Node[]) ?? []) {
        const id = d.id as Node
        const init = unwrap(d.init)
        if (
          id.type === 'Identifier' &&
          init?.type === 'CallExpression' &&
          calleeName(init) === 'defineStep'
        ) {
          defined.set(id.name as string, init)
          if (stmt.type === 'ExportNamedDeclaration')
            exported.push({ local: id.name as string, name: id.name as string })
        }
      }
    }
    if (stmt.type === 'ExportNamedDeclaration' && stmt.source == null) {
      for (const s of (stmt.specifiers as Node[]) ?? []) {
        const local = s.local as Node | undefined
        const ex = s.exported as Node | undefined
        if (local?.type === 'Identifier' && ex !== undefined)
          exported.push({
            local: local.name as string,
            name: (ex.type === 'Identifier' ? ex.name : ex.value) as string,
          })
      }
    }
  }
  const steps: ModuleStep[] = []
  for (const { local, name } of exported) {
    const call = defined.get(local)
    if (call === undefined) continue
    const arg = unwrap((call.arguments as unknown[])[0])
    const loc = (call.loc as { start: { line: number; column: number } } | undefined)?.start
    if (arg?.type !== 'ObjectExpression') {
      problem(
        `step ${name}: defineStep needs an object literal`,
        loc,
        'export const Name = defineStep({ in: "c", out: "c", map(record) { … } })',
      )
      continue
    }
    const step: { name: string; in?: string; out?: string } = { name }
    for (const p of (arg.properties as Node[]) ?? []) {
      const key = p.type === 'ObjectProperty' ? keyName(p) : undefined
      if (key !== 'in' && key !== 'out') continue
      const value = unwrap(p.value)
      if (value?.type === 'StringLiteral') step[key] = value.value as string
      else if (value?.type === 'TemplateLiteral' && (value.expressions as unknown[]).length === 0)
        step[key] =
          ((value.quasis as Node[])[0]?.value as { cooked?: string } | undefined)?.cooked ?? ''
      else
        problem(
          `step ${name}: "${key}" must be a string literal so it can be checked without running the module`,
          loc,
        )
    }
    steps.push(step)
  }
  return { steps, diagnostics }
}
