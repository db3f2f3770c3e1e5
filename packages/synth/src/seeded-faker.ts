import { Faker, base, en } from '@faker-js/faker'
import type { Rng } from './rng.js'

/**
 * A dedicated English Faker whose every random draw comes from `rng`, so its values follow the
 * synthesis seed (the global `faker` instance is never touched).
 */
export function seededFaker(rng: Rng): Faker {
  return new Faker({
    locale: [en, base],
    randomizer: {
      next: () => rng.next(),
      // Seeding goes through the Rng; Faker's own reseeding is not used.
      seed: () => undefined,
    },
  })
}
