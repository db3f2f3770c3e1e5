import { hashOf } from '@runink/core'
import type { Contract, ContractSource, LoadedContract } from '../model/index.js'

/**
 * Gives a normalised contract its identity: the hash of its canonical JSON (keys sorted, so
 * field order and file formatting do not count) and its `name@version` ref.
 */
export function identify(model: Contract, source: ContractSource = {}): LoadedContract {
  return {
    model,
    hash: hashOf(model),
    ref: `${model.contract}@${model.version}`,
    source: source.file === undefined ? {} : { file: source.file },
  }
}
