import type { Faker } from '@faker-js/faker'
import type { FieldSpec } from '@runink/contracts'
import { LeafFit } from './leaf-fit.js'
import { Rng } from './rng.js'
import { seededFaker } from './seeded-faker.js'
import { UniqueValues } from './unique-values.js'

/** The state of one synthesis run: one seeded stream feeds everything, so runs repeat exactly. */
export interface SynthContext {
  readonly rng: Rng
  readonly faker: Faker
  readonly fit: LeafFit
  readonly unique: UniqueValues
  /** Next integer to try per unique int field once random draws keep colliding. */
  readonly cursors: Map<FieldSpec, number>
  /** Serial numbers per field, to make strings unique. */
  readonly serials: Map<FieldSpec, number>
}

/** A fresh run state for `seed`. */
export function createSynthContext(seed: string | number): SynthContext {
  const rng = new Rng(seed)
  return {
    rng,
    faker: seededFaker(rng),
    fit: new LeafFit(),
    unique: new UniqueValues(),
    cursors: new Map(),
    serials: new Map(),
  }
}

/** The next serial number of a field (1, 2, …). */
export function nextSerial(ctx: SynthContext, spec: FieldSpec): number {
  const n = (ctx.serials.get(spec) ?? 0) + 1
  ctx.serials.set(spec, n)
  return n
}
