import { Environment, type parse } from '@marcbachmann/cel-js'
import { celNestingProblem } from './cel-nesting-problem.js'
import { compilePattern } from '../pattern/compile-pattern.js'

/** A parsed CEL program: call it with the variables; `.ast` is its syntax tree. */
export type CelProgram = ReturnType<typeof parse>

/**
 * The name `matches` is evaluated under. cel-js runs `string.matches` with a backtracking
 * JavaScript RegExp (a pattern such as `^(a+)+$` takes minutes on 40 characters) and lets no
 * overload replace it, so parsed calls are pointed at this RE2 implementation instead.
 */
const RE2_MATCHES = 'matches_re2'

let environment: Environment | undefined

/** Built on first use: importing this module registers nothing (the package has no side effects). */
function re2Environment(): Environment {
  environment ??= new Environment({ unlistedVariablesAreDyn: true }).registerFunction(
    `string.${RE2_MATCHES}(string): bool`,
    (value: string, source: string) => {
      const { pattern, problem } = compilePattern(source)
      if (pattern === undefined) throw new Error(`matches(${JSON.stringify(source)}): ${problem}`)
      return pattern.test(value)
    },
  )
  return environment
}

/**
 * Parses a CEL expression like cel-js's `parse`, except that `matches()` uses RE2 semantics
 * (linear time in the value) and a literal pattern RE2 cannot compile is refused here, at parse
 * time, with the reason. Throws cel-js's errors for syntax and limits (depth, size), and its
 * own for nesting cel-js would overflow the stack on (see celNestingProblem).
 */
export function parseCel(expression: string): CelProgram {
  const deep = celNestingProblem(expression)
  if (deep !== undefined) throw new Error(deep)
  const program = re2Environment().parse(expression)
  useRe2Matches(program.ast)
  return program
}

/** Renames `x.matches(p)` calls in place (functions are resolved by name at the first run). */
function useRe2Matches(root: unknown): void {
  const pending: unknown[] = [root]
  while (pending.length > 0) {
    const node = pending.pop()
    if (Array.isArray(node)) {
      pending.push(...(node as unknown[]))
      continue
    }
    if (typeof node !== 'object' || node === null || !('op' in node) || !('args' in node)) continue
    const { op, args } = node as { op: unknown; args: unknown }
    if (op === 'value' || op === 'id' || !Array.isArray(args)) continue
    if (op === 'rcall' && args[0] === 'matches') {
      checkLiteral(args[2])
      ;(args as unknown[])[0] = RE2_MATCHES
    }
    pending.push(...(args as unknown[]))
  }
}

/** A literal pattern is compiled now, so that a bad one is an error before any record is read. */
function checkLiteral(args: unknown): void {
  if (!Array.isArray(args) || args.length !== 1) return
  const arg = args[0] as { op?: unknown; args?: unknown }
  if (arg.op !== 'value' || typeof arg.args !== 'string') return
  const { problem } = compilePattern(arg.args)
  if (problem !== undefined) throw new Error(`matches(${JSON.stringify(arg.args)}): ${problem}`)
}
