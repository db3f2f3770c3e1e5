import { LineCounter, parseDocument, visit, type Document } from 'yaml'
import type { ContractProblem, ParseContractResult } from './contract-problem.js'
import { ContractLoadCodes } from './contract-load-codes.js'
import { MAX_ALIAS_COUNT, MAX_CONTRACT_CHARS, MAX_CONTRACT_DEPTH } from './contract-limits.js'
import type { Position } from './doc-node.js'
import { nestingTooDeepAt } from './nesting-depth.js'
import { identify } from './identify.js'
import { normalizeContract } from './normalize-contract.js'
import { ProblemSink } from './problem-sink.js'
import { yamlDocNode } from './yaml-doc-node.js'

/**
 * Parses contract text (YAML, or JSON, which YAML reads the same way) into a loaded contract,
 * collecting every syntax and semantic problem with its line and column in one pass.
 */
export function parseContract(text: string, file?: string): ParseContractResult {
  const sink = new ProblemSink(file)
  const tooLarge = ContractLoadCodes.RUNINK_CONTRACT_TOO_LARGE
  if (text.length > MAX_CONTRACT_CHARS) {
    const message = `the contract is ${text.length} characters; at most ${MAX_CONTRACT_CHARS} (1 MiB) are read`
    sink.add(tooLarge, '', { line: 1, column: 1 }, message)
    return { problems: sink.problems }
  }
  // Measured before parsing: the parser recurses per level and can crash on deep input.
  const deepAt = nestingTooDeepAt(text, 2 * MAX_CONTRACT_DEPTH)
  if (deepAt !== undefined) {
    sink.add(tooLarge, '', positionOf(text, deepAt), tooDeepMessage)
    return { problems: sink.problems }
  }
  const lines = new LineCounter()
  // Core schema: `2024-01-01` stays a string and `1.0.0` is never a number.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, schema: 'core' })
  for (const error of doc.errors) {
    const { line, col } = lines.linePos(error.pos[0])
    // The parser recurses per nesting level and reports a stack overflow as a plain error.
    if (error.message.includes('Maximum call stack size exceeded'))
      sink.add(tooLarge, '', { line, column: col }, tooDeepMessage)
    else
      sink.add(ContractLoadCodes.RUNINK_CONTRACT_SYNTAX, '', { line, column: col }, error.message)
  }
  // A broken tree would only add noise; semantic checks wait until the syntax is right.
  if (sink.problems.length > 0) return { problems: sink.problems }
  const aliases = aliasProblem(doc, lines)
  if (aliases !== undefined) {
    sink.add(tooLarge, '', aliases.at, aliases.message)
    return { problems: sink.problems }
  }
  if (doc.contents === null) {
    const message =
      'the document is empty; a contract is a mapping with contract, version and fields'
    sink.add(ContractLoadCodes.RUNINK_CONTRACT_INVALID_VALUE, '', { line: 1, column: 1 }, message)
    return { problems: sink.problems }
  }
  let deep = false
  const tree = yamlDocNode(doc, lines, (at) => {
    deep = true
    sink.add(tooLarge, '', at ?? { line: 1, column: 1 }, tooDeepMessage)
  })
  if (deep) return { problems: sink.problems }
  const model = normalizeContract(sink, tree)
  // Checks run key by key; report in reading order (sort is stable for equal positions).
  if (model === undefined) return { problems: sink.problems.sort(byPosition) }
  return { contract: identify(model, file === undefined ? {} : { file }), problems: [] }
}

const byPosition = (a: ContractProblem, b: ContractProblem): number =>
  (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)

const tooDeepMessage = `the document nests deeper than ${MAX_CONTRACT_DEPTH} levels`

/**
 * Runs the `yaml` library's own alias-expansion bound ({@link MAX_ALIAS_COUNT}) over the
 * document: an alias bomb is refused in milliseconds, at its first alias, before anything copies it.
 */
function aliasProblem(
  doc: Document,
  lines: LineCounter,
): { at: Position; message: string } | undefined {
  try {
    doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT })
    return undefined
  } catch (error) {
    // Other failures here (an alias before its anchor) are the checker's to report, located.
    if (!(error instanceof Error) || !error.message.startsWith('Excessive alias count'))
      return undefined
    let offset = 0
    visit(doc, {
      Alias: (_key, node) => {
        offset = node.range?.[0] ?? 0
        return visit.BREAK
      },
    })
    const { line, col } = lines.linePos(offset)
    const reason = `aliases expand to too many nodes (the yaml library's maxAliasCount is ${MAX_ALIAS_COUNT})`
    return { at: { line, column: col }, message: `the document's ${reason}` }
  }
}

/** 1-based line and column of a character offset. */
function positionOf(text: string, offset: number): Position {
  let line = 1
  let start = 0
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++
    start = i + 1
  }
  return { line, column: offset - start + 1 }
}
