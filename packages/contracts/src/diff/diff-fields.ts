import type { FieldSpec, UnknownFields } from '../model/index.js'
import { ChangeKind } from './contract-change.js'
import { join, show, type ChangeSink } from './change-sink.js'
import { diffConstraints } from './diff-constraints.js'
import { diffTags } from './diff-tags.js'
import { isWidening } from './type-widening.js'

/** The unknown-member policies an object inherits in the old and the new contract. */
export interface Inherited {
  readonly before: UnknownFields
  readonly after: UnknownFields
}

/**
 * A policy change of one object. Becoming `reject` is breaking: members the old version let
 * through (kept or dropped) now fail. An explicit policy equal to the inherited one changes no
 * behaviour, so it is recorded as metadata. An inherited policy that changes with its parent's
 * is not repeated here: the parent's change covers it.
 */
export function diffPolicy(
  sink: ChangeSink,
  path: string,
  before: { own?: UnknownFields; effective: UnknownFields },
  after: { own?: UnknownFields; effective: UnknownFields },
): void {
  if (before.own === undefined && after.own === undefined) return
  if (before.effective !== after.effective) {
    const msg = `unknown_fields changed from ${before.effective} to ${after.effective}`
    const breaking = after.effective === 'reject'
    sink.add(path, ChangeKind.policyChanged, breaking, msg, before.effective, after.effective)
  } else if (before.own !== after.own) {
    const msg = `unknown_fields ${after.own === undefined ? 'now inherited' : 'now explicit'} (still ${after.effective})`
    sink.add(path, ChangeKind.metadataChanged, false, msg, before.own, after.own)
  }
}

/** Compares two member maps; names are visited in sorted order so the result is stable. */
export function diffFields(
  sink: ChangeSink,
  path: string,
  before: Readonly<Record<string, FieldSpec>>,
  after: Readonly<Record<string, FieldSpec>>,
  policy: Inherited,
): void {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()
  for (const name of names) {
    const at = join(path, name)
    const old = Object.hasOwn(before, name) ? before[name] : undefined
    const now = Object.hasOwn(after, name) ? after[name] : undefined
    if (old === undefined && now !== undefined) {
      const msg = now.required ? 'required field added' : 'optional field added'
      sink.add(at, ChangeKind.fieldAdded, now.required, msg, undefined, now)
    } else if (old !== undefined && now === undefined) {
      sink.add(at, ChangeKind.fieldRemoved, true, 'field removed', old)
    } else if (old !== undefined && now !== undefined) diffField(sink, at, old, now, policy)
  }
}

/** Compares one field: type, constraints, tags, then its elements or members. */
export function diffField(
  sink: ChangeSink,
  path: string,
  before: FieldSpec,
  after: FieldSpec,
  policy: Inherited,
): void {
  if (before.type !== after.type) {
    const widening = isWidening(before.type, after.type)
    const msg = `type ${widening ? 'widened' : 'changed'} from ${show(before.type)} to ${show(after.type)}`
    sink.add(join(path, 'type'), ChangeKind.typeChanged, !widening, msg, before.type, after.type)
  }
  diffConstraints(sink, path, before, after)
  diffTags(sink, path, before, after)
  if (before.items !== undefined && after.items !== undefined)
    diffField(sink, join(path, 'items'), before.items, after.items, policy)
  if (before.type === 'object' && after.type === 'object') {
    const old = { own: before.unknown_fields, effective: before.unknown_fields ?? policy.before }
    const now = { own: after.unknown_fields, effective: after.unknown_fields ?? policy.after }
    diffPolicy(sink, join(path, 'unknown_fields'), old, now)
    const inner = { before: old.effective, after: now.effective }
    diffFields(sink, join(path, 'fields'), before.fields ?? {}, after.fields ?? {}, inner)
  }
}
