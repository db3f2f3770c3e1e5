import type { FieldSpec } from '../model/index.js'
import { ChangeKind } from './contract-change.js'
import { join, show, type ChangeSink } from './change-sink.js'

/**
 * `access` and `mask` change what readers get: a field that gains or changes either is hidden
 * from some roles or arrives masked, so that is breaking; dropping one only gives more.
 */
function diffGate(
  sink: ChangeSink,
  path: string,
  tag: 'access' | 'mask',
  before: string | undefined,
  after: string | undefined,
): void {
  if (before === after) return
  const msg =
    before === undefined
      ? `${tag} ${show(after)} added`
      : after === undefined
        ? `${tag} ${show(before)} removed`
        : `${tag} changed from ${show(before)} to ${show(after)}`
  sink.add(path, ChangeKind.tagChanged, after !== undefined, msg, before, after)
}

/** `description` and `lineage` document a field; changing them changes no value. */
function diffText(
  sink: ChangeSink,
  path: string,
  tag: 'description' | 'lineage',
  before: string | undefined,
  after: string | undefined,
): void {
  if (before === after) return
  sink.add(path, ChangeKind.metadataChanged, false, `${tag} changed`, before, after)
}

/** Compares the tags and documentation of one field. */
export function diffTags(
  sink: ChangeSink,
  path: string,
  before: FieldSpec,
  after: FieldSpec,
): void {
  for (const tag of ['pii', 'join_key'] as const)
    if (before[tag] !== after[tag])
      sink.add(
        join(path, tag),
        ChangeKind.tagChanged,
        false,
        after[tag] ? `now tagged ${tag}` : `no longer tagged ${tag}`,
        before[tag],
        after[tag],
      )
  diffGate(sink, join(path, 'access'), 'access', before.access, after.access)
  diffGate(sink, join(path, 'mask'), 'mask', before.mask, after.mask)
  diffText(sink, join(path, 'lineage'), 'lineage', before.lineage, after.lineage)
  diffText(sink, join(path, 'description'), 'description', before.description, after.description)
}
