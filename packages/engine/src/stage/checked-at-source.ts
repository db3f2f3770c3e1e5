import type { Contract, FieldSpec } from '@runink/contracts'
import { hashOf } from '@runink/core'
import type { SliceJob, SliceSource, SliceStep } from './slice-job.js'

/**
 * The contract a source's records are checked (and, for text, coerced) against as they are
 * read: its own (`contract=`), else the first step's declared input contract; a text source
 * otherwise the stage contract when it is the only source. Undefined: read as is.
 */
export function sourceContract(
  source: SliceSource,
  inputContract: Contract | undefined,
  stageContract: Contract | undefined,
): Contract | undefined {
  return source.contract ?? inputContract ?? (source.mode === 'coerce' ? stageContract : undefined)
}

/**
 * Built-in steps after which a record valid under the stage contract is still valid under it:
 * `mask` writes only the masked forms the contract accepts (DESIGN §6, property-tested in
 * @runink/contracts), `filter` and `dedupe` only drop records, `validate` is a marker.
 */
const KEEP_VALIDITY: ReadonlySet<string> = new Set(['mask', 'filter', 'dedupe', 'validate'])

function keepsValidity(step: SliceStep): boolean {
  return step.kind === 'builtin' && KEEP_VALIDITY.has(step.name)
}

function hasUnique(spec: FieldSpec): boolean {
  return (
    spec.unique === true ||
    (spec.items !== undefined && hasUnique(spec.items)) ||
    Object.values(spec.fields ?? {}).some(hasUnique)
  )
}

/**
 * True when checking the stage's output again would repeat work already done: every source was
 * checked against the stage contract itself, only validity-keeping steps ran in between, and the
 * contract has no `unique` field (uniqueness is decided at the output). Records then go to the
 * sinks as valid without a second pass of the validator.
 */
export function checkedAtSource(job: SliceJob, inputContract: Contract | undefined): boolean {
  const stage = job.contract
  if (Object.values(stage.fields).some(hasUnique) || !job.steps.every(keepsValidity)) return false
  const fallback = job.sources.length === 1 ? stage : undefined
  const stageHash = hashOf(stage)
  return job.sources.every((s) => {
    const c = sourceContract(s, inputContract, fallback)
    return c !== undefined && (c === stage || hashOf(c) === stageHash)
  })
}
