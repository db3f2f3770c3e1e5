import type {
  Classification,
  ContractSource,
  LoadedContract,
  UnknownFields,
} from '../model/index.js'
import { ContractLoadError } from './contract-load-error.js'
import { docNodeOf } from './doc-node.js'
import type { FieldInput } from './field-builders.js'
import { identify } from './identify.js'
import { normalizeContract } from './normalize-contract.js'
import { ProblemSink } from './problem-sink.js'

/** A contract as the builder takes it: the file's shape, with `field` builders or plain objects. */
export interface ContractInput {
  readonly contract: string
  readonly version: string
  readonly owner?: string
  readonly classification?: Classification
  readonly description?: string
  readonly unknown_fields?: UnknownFields
  readonly fields: Readonly<Record<string, FieldInput>>
}

/**
 * Builds a contract in TypeScript. It runs the very checks a contract file gets and yields the
 * same normalised model and hash; throws {@link ContractLoadError} listing every problem.
 */
export function defineContract(input: ContractInput, source: ContractSource = {}): LoadedContract {
  const sink = new ProblemSink(source.file)
  const model = normalizeContract(sink, docNodeOf(input))
  if (model === undefined) throw new ContractLoadError(sink.problems)
  return identify(model, source)
}
