import { RuninkError } from '@runink/core'
import { formatProblem, type ContractProblem } from './contract-problem.js'
import { ContractLoadCodes } from './contract-load-codes.js'

/**
 * A contract could not be loaded or built. The code and message are those of the first problem
 * (`file:line:col: message`); `problems` holds every problem found in the same pass.
 */
export class ContractLoadError extends RuninkError {
  readonly problems: readonly ContractProblem[]

  constructor(problems: readonly ContractProblem[]) {
    const first = problems[0]
    super(
      first?.code ?? ContractLoadCodes.RUNINK_CONTRACT_INVALID_VALUE,
      first === undefined ? 'invalid contract' : formatProblem(first),
      { details: { problems: problems.map((p) => ({ ...p })) } },
    )
    this.name = 'ContractLoadError'
    this.problems = problems
  }
}
