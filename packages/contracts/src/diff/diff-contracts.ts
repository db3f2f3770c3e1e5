import type { Classification, Contract } from '../model/index.js'
import { ChangeSink, show } from './change-sink.js'
import {
  Bump,
  ChangeKind,
  compareBumps,
  type ContractChange,
  type ContractDiff,
} from './contract-change.js'
import { declaredBump } from './declared-bump.js'
import { diffFields, diffPolicy } from './diff-fields.js'

const LEVEL: Readonly<Record<Classification, number>> = {
  public: 0,
  internal: 1,
  confidential: 2,
  restricted: 3,
}

/** A stricter classification narrows who may read the data: breaking. Anything else is not. */
function diffClassification(sink: ChangeSink, before: Contract, after: Contract): void {
  const [a, b] = [before.classification, after.classification]
  if (a === b) return
  const raised = a !== undefined && b !== undefined && LEVEL[b] > LEVEL[a]
  const msg = `classification changed from ${show(a ?? 'none')} to ${show(b ?? 'none')}`
  sink.add('classification', ChangeKind.policyChanged, raised, msg, a, b)
}

function diffHeader(sink: ChangeSink, before: Contract, after: Contract): void {
  if (before.contract !== after.contract)
    sink.add(
      'contract',
      ChangeKind.contractRenamed,
      true,
      `contract renamed from ${show(before.contract)} to ${show(after.contract)}`,
      before.contract,
      after.contract,
    )
  for (const key of ['owner', 'description'] as const)
    if (before[key] !== after[key])
      sink.add(key, ChangeKind.metadataChanged, false, `${key} changed`, before[key], after[key])
  diffClassification(sink, before, after)
  const policy = (c: Contract) => ({ own: c.unknown_fields, effective: c.unknown_fields })
  diffPolicy(sink, 'unknown_fields', policy(before), policy(after))
}

/** The bump a list of changes calls for. */
export function bumpFor(changes: readonly ContractChange[]): Bump {
  if (changes.some((c) => c.breaking)) return Bump.major
  if (changes.some((c) => c.kind !== ChangeKind.metadataChanged)) return Bump.minor
  return changes.length > 0 ? Bump.patch : Bump.none
}

/**
 * Every semantic difference from `before` to `after`, each classified as breaking or compatible
 * from the view of producers and consumers of the old version, with the version bump they call
 * for and whether `after.version` declares at least that bump. Field order does not matter.
 */
export function diffContracts(before: Contract, after: Contract): ContractDiff {
  const sink = new ChangeSink()
  diffHeader(sink, before, after)
  const policy = { before: before.unknown_fields, after: after.unknown_fields }
  diffFields(sink, 'fields', before.fields, after.fields, policy)
  const bump = bumpFor(sink.changes)
  const declared = declaredBump(before.version, after.version)
  const versionOk =
    declared !== 'downgrade' &&
    (bump === Bump.none || (declared !== undefined && compareBumps(declared, bump) >= 0))
  return {
    changes: sink.changes,
    breaking: bump === Bump.major,
    bump,
    ...(declared === undefined ? {} : { declaredBump: declared }),
    versionOk,
  }
}
