import type { FieldSpec } from '@runink/contracts'
import { FORMAT_LISTS } from './format-values.js'
import { numberPlan, numberValue } from './number-values.js'
import { stringCandidate } from './string-value.js'
import type { SynthContext } from './synth-context.js'
import { dateValue, timestampValue } from './temporal-values.js'
import { unsatisfiable } from './unsatisfiable.js'

/** Random candidates tried per value before the deterministic last resorts. */
const ATTEMPTS = 24
/** Integers scanned upwards for a unique int field once random draws keep colliding. */
const SCAN = 10_000

/** A small JSON value for a `json` field (objects, numbers, booleans: all survive a CSV cell). */
function jsonValue(ctx: SynthContext): unknown {
  const { rng, faker } = ctx
  switch (rng.int(0, 3)) {
    case 0:
      return { key: faker.lorem.word(), value: rng.int(0, 1000) }
    case 1:
      return [rng.int(0, 100), rng.int(0, 100)]
    case 2:
      return rng.int(0, 10_000)
    default:
      return { tags: [faker.lorem.word(), faker.lorem.word()], active: rng.chance(0.5) }
  }
}

function candidate(ctx: SynthContext, name: string, spec: FieldSpec, attempt: number): unknown {
  const { rng } = ctx
  if (spec.enum !== undefined && spec.enum.length > 0) return rng.pick(spec.enum)
  switch (spec.type) {
    case 'bool':
      return rng.chance(0.5)
    case 'int':
    case 'float':
    case 'decimal':
      return numberValue(numberPlan(spec, name), rng)
    case 'date':
      return dateValue(spec, name, rng)
    case 'timestamp':
      return timestampValue(spec, name, rng)
    case 'json':
      return jsonValue(ctx)
    default:
      return stringCandidate(ctx, name, spec, attempt)
  }
}

/** Deterministic candidates once random ones failed: enum members, bounds, listed codes. */
function* lastResorts(ctx: SynthContext, name: string, spec: FieldSpec): Generator<unknown> {
  if (spec.enum !== undefined) return yield* spec.enum
  if (spec.type === 'bool') return yield* [true, false]
  if (spec.format !== undefined) yield* FORMAT_LISTS[spec.format] ?? []
  const numeric = spec.type === 'int' || spec.type === 'float' || spec.type === 'decimal'
  for (const bound of [spec.min, spec.max])
    if (bound !== undefined) yield numeric ? Number(bound) : String(bound)
  if (spec.type === 'int') {
    const start = ctx.cursors.get(spec) ?? numberPlan(spec, name).lo
    for (let n = start; n < start + SCAN; n++) {
      ctx.cursors.set(spec, n + 1)
      yield n
    }
  }
  // Strings whose rules only allow the empty string.
  if (spec.type === 'string') yield ''
}

/**
 * A value of a scalar (or `json`) field that satisfies its rules and, for a `unique` field, was
 * not used before in this run. Throws `RUNINK_SYNTH_UNSATISFIABLE` naming `path` when none is found.
 */
export function leafValue(ctx: SynthContext, name: string, spec: FieldSpec, path: string): unknown {
  const fits = ctx.fit.of(spec)
  let taken = false
  const take = (value: unknown): boolean => {
    if (value === undefined || !fits(value)) return false
    if (!ctx.unique.free(spec, value)) {
      taken = true
      return false
    }
    ctx.unique.claim(spec, value)
    return true
  }
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const value = candidate(ctx, name, spec, attempt)
    // The empty string reads as "no value" in CSV, so it is kept as a last resort.
    if (value !== '' && take(value)) return value
  }
  for (const value of lastResorts(ctx, name, spec)) if (take(value)) return value
  if (taken) throw unsatisfiable(path, 'every value that satisfies its rules is used already', true)
  throw unsatisfiable(path, 'no value satisfies its rules')
}
