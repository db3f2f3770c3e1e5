import type { FieldSpec } from '@runink/contracts'
import { leafValue } from './leaf-value.js'
import type { SynthContext } from './synth-context.js'
import { isExhausted, unsatisfiable } from './unsatisfiable.js'

/** How often an optional field is left out, and a nullable one is null. */
const OMIT_RATE = 0.1
const NULL_RATE = 0.1
/** Items of an array whose length is not bounded above, at most. */
const MAX_ITEMS = 4
/** Attempts at an unused value of a unique array or object. */
const COMPOSITE_TRIES = 20

/** Marks a member left out of its object. */
export const OMITTED: unique symbol = Symbol('omitted')

/** The name item values are made up after: `emails` → `email`. */
function itemName(name: string): string {
  return name.length > 3 && name.endsWith('s') && !name.endsWith('ss') ? name.slice(0, -1) : name
}

/** A member of an object: sometimes left out when optional, sometimes null when nullable. */
export function memberValue(
  ctx: SynthContext,
  name: string,
  spec: FieldSpec,
  path: string,
): unknown {
  if (!spec.required && ctx.rng.chance(OMIT_RATE)) return OMITTED
  if (spec.nullable && ctx.rng.chance(NULL_RATE)) return null
  try {
    return fieldValue(ctx, name, spec, path)
  } catch (error) {
    // A unique field that ran out of values is left out, or null, where its rules allow.
    if (!isExhausted(error) || (spec.required && !spec.nullable)) throw error
    return spec.required ? null : OMITTED
  }
}

/** An object of `fields`, members in declaration order. */
export function objectOf(
  ctx: SynthContext,
  fields: Readonly<Record<string, FieldSpec>>,
  path: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, spec] of Object.entries(fields)) {
    const value = memberValue(ctx, name, spec, path === '' ? name : `${path}.${name}`)
    if (value !== OMITTED)
      Object.defineProperty(out, name, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      })
  }
  return out
}

function arrayOf(ctx: SynthContext, name: string, spec: FieldSpec, path: string): unknown[] {
  const min = spec.length?.min ?? 0
  const max = spec.length?.max ?? Math.max(min, MAX_ITEMS)
  // Non-empty when allowed: empty arrays say little about the item rules.
  const n = ctx.rng.int(
    Math.min(Math.max(min, 1), max),
    Math.min(max, Math.max(min, 1) + MAX_ITEMS - 1),
  )
  const items = spec.items
  const out: unknown[] = []
  for (let i = 0; i < n; i++) {
    const at = `${path}[${i}]`
    if (items === undefined) out.push(ctx.faker.lorem.word())
    else if (items.nullable && ctx.rng.chance(NULL_RATE)) out.push(null)
    else out.push(fieldValue(ctx, itemName(name), items, at))
  }
  return out
}

function compositeOf(ctx: SynthContext, name: string, spec: FieldSpec, path: string): unknown {
  return spec.type === 'array'
    ? arrayOf(ctx, name, spec, path)
    : objectOf(ctx, spec.fields ?? {}, path)
}

/** A present, non-null value of a field: arrays and objects built member by member. */
export function fieldValue(
  ctx: SynthContext,
  name: string,
  spec: FieldSpec,
  path: string,
): unknown {
  if (spec.type !== 'array' && spec.type !== 'object') return leafValue(ctx, name, spec, path)
  if (!spec.unique) return compositeOf(ctx, name, spec, path)
  for (let attempt = 0; attempt < COMPOSITE_TRIES; attempt++) {
    const mark = ctx.unique.mark()
    const value = compositeOf(ctx, name, spec, path)
    if (ctx.unique.free(spec, value)) {
      ctx.unique.claim(spec, value)
      return value
    }
    ctx.unique.rollback(mark)
  }
  throw unsatisfiable(path, `no unused ${spec.type} found`, true)
}
