import { LineCounter, parseDocument } from 'yaml'
import type { ContractProblem, ParseContractResult } from './contract-problem.js'
import { ContractLoadCodes } from './contract-load-codes.js'
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
  const lines = new LineCounter()
  // Core schema: `2024-01-01` stays a string and `1.0.0` is never a number.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, schema: 'core' })
  for (const error of doc.errors) {
    const { line, col } = lines.linePos(error.pos[0])
    sink.add(ContractLoadCodes.RUNINK_CONTRACT_SYNTAX, '', { line, column: col }, error.message)
  }
  // A broken tree would only add noise; semantic checks wait until the syntax is right.
  if (sink.problems.length > 0) return { problems: sink.problems }
  if (doc.contents === null) {
    const message =
      'the document is empty; a contract is a mapping with contract, version and fields'
    sink.add(ContractLoadCodes.RUNINK_CONTRACT_INVALID_VALUE, '', { line: 1, column: 1 }, message)
    return { problems: sink.problems }
  }
  const model = normalizeContract(sink, yamlDocNode(doc, lines))
  // Checks run key by key; report in reading order (sort is stable for equal positions).
  if (model === undefined) return { problems: sink.problems.sort(byPosition) }
  return { contract: identify(model, file === undefined ? {} : { file }), problems: [] }
}

const byPosition = (a: ContractProblem, b: ContractProblem): number =>
  (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)
