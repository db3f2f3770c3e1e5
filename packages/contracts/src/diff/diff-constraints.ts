import type { FieldSpec, LengthBounds, Scalar } from '../model/index.js'
import { ChangeKind } from './contract-change.js'
import { join, show, type ChangeSink } from './change-sink.js'
import { compareBounds } from './compare-bounds.js'

type Side = 'min' | 'max'

/**
 * A lower (`min`) or upper (`max`) bound moved, appeared or went away. A bound that lets fewer
 * values through is breaking; one that lets more through is compatible.
 */
function diffBound(
  sink: ChangeSink,
  path: string,
  side: Side,
  what: string,
  before: Scalar | undefined,
  after: Scalar | undefined,
): void {
  if (before === after) return
  if (before === undefined) {
    sink.add(path, ChangeKind.constraintAdded, true, `${what} ${show(after)} added`, before, after)
    return
  }
  if (after === undefined) {
    sink.add(path, ChangeKind.constraintRemoved, false, `${what} ${show(before)} removed`, before)
    return
  }
  const order = compareBounds(before, after)
  if (order === 0) return
  const tighter = order === undefined ? undefined : side === 'min' ? order < 0 : order > 0
  const kind =
    tighter === undefined
      ? ChangeKind.constraintChanged
      : tighter
        ? ChangeKind.constraintTightened
        : ChangeKind.constraintLoosened
  const verb = tighter === undefined ? 'changed' : tighter ? 'tightened' : 'loosened'
  const msg = `${what} ${verb} from ${show(before)} to ${show(after)}`
  sink.add(path, kind, tighter !== false, msg, before, after)
}

function diffLength(
  sink: ChangeSink,
  path: string,
  before: LengthBounds | undefined,
  after: LengthBounds | undefined,
): void {
  for (const side of ['min', 'max'] as const)
    diffBound(sink, join(path, side), side, `length ${side}`, before?.[side], after?.[side])
}

/** A constraint that admits nothing extra when added and cannot be compared when replaced. */
function diffOpaque(
  sink: ChangeSink,
  path: string,
  name: string,
  before: string | undefined,
  after: string | undefined,
): void {
  if (before === after) return
  if (before === undefined)
    sink.add(path, ChangeKind.constraintAdded, true, `${name} ${show(after)} added`, before, after)
  else if (after === undefined)
    sink.add(path, ChangeKind.constraintRemoved, false, `${name} ${show(before)} removed`, before)
  else
    sink.add(
      path,
      ChangeKind.constraintChanged,
      true,
      `${name} changed from ${show(before)} to ${show(after)}`,
      before,
      after,
    )
}

function diffEnum(
  sink: ChangeSink,
  path: string,
  before: readonly Scalar[] | undefined,
  after: readonly Scalar[] | undefined,
): void {
  if (before === undefined && after === undefined) return
  if (before === undefined) {
    sink.add(path, ChangeKind.constraintAdded, true, `enum ${show(after)} added`, before, after)
    return
  }
  if (after === undefined) {
    sink.add(path, ChangeKind.constraintRemoved, false, `enum ${show(before)} removed`, before)
    return
  }
  // Value order in an enum carries no meaning; only membership does.
  for (const value of before)
    if (!after.includes(value))
      sink.add(path, ChangeKind.enumValueRemoved, true, `enum value ${show(value)} removed`, value)
  for (const value of after)
    if (!before.includes(value))
      sink.add(
        path,
        ChangeKind.enumValueAdded,
        false,
        `enum value ${show(value)} added`,
        undefined,
        value,
      )
}

/** Flags: `required` and `unique` restrict when turned on; `nullable` restricts when turned off. */
function diffFlags(sink: ChangeSink, path: string, before: FieldSpec, after: FieldSpec): void {
  for (const flag of ['required', 'unique'] as const) {
    if (before[flag] === after[flag]) continue
    const at = join(path, flag)
    if (after[flag]) sink.add(at, ChangeKind.constraintAdded, true, `now ${flag}`, false, true)
    else sink.add(at, ChangeKind.constraintRemoved, false, `no longer ${flag}`, true, false)
  }
  if (before.nullable !== after.nullable) {
    const at = join(path, 'nullable')
    if (after.nullable)
      sink.add(at, ChangeKind.constraintLoosened, false, 'now nullable', false, true)
    else sink.add(at, ChangeKind.constraintTightened, true, 'no longer nullable', true, false)
  }
}

/**
 * `input_format`: text written one way is no longer read the other way, so adding, removing or
 * changing it is breaking for whoever writes the text.
 */
function diffInputFormat(
  sink: ChangeSink,
  path: string,
  before: string | undefined,
  after: string | undefined,
): void {
  if (before === after) return
  const what = (f: string | undefined): string => (f === undefined ? 'ISO text' : show(f))
  sink.add(
    path,
    ChangeKind.constraintChanged,
    true,
    `input_format changed from ${what(before)} to ${what(after)}`,
    before,
    after,
  )
}

/** Compares the constraints of one field (not its type, tags or members). */
export function diffConstraints(
  sink: ChangeSink,
  path: string,
  before: FieldSpec,
  after: FieldSpec,
): void {
  diffFlags(sink, path, before, after)
  diffEnum(sink, join(path, 'enum'), before.enum, after.enum)
  diffBound(sink, join(path, 'min'), 'min', 'min', before.min, after.min)
  diffBound(sink, join(path, 'max'), 'max', 'max', before.max, after.max)
  diffLength(sink, join(path, 'length'), before.length, after.length)
  diffOpaque(sink, join(path, 'pattern'), 'pattern', before.pattern, after.pattern)
  diffOpaque(sink, join(path, 'format'), 'format', before.format, after.format)
  diffInputFormat(sink, join(path, 'input_format'), before.input_format, after.input_format)
  diffOpaque(sink, join(path, 'check'), 'check', before.check, after.check)
}
