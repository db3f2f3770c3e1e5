import { z } from 'zod'

const COUNT = 'expected a non-negative integer'

/** The building blocks every message schema is made of, with their bounds and error texts. */
export const messageFields = {
  /** A count: a non-negative safe integer. */
  count: z.int({ error: COUNT }).min(0, { error: COUNT }),
  /** A duration or other measure: a finite non-negative number. */
  measure: z.number({ error: 'expected a finite number' }).min(0, {
    error: 'expected a non-negative number',
  }),
  /** A string of at most `max` characters. */
  text: (max: number) =>
    z
      .string({ error: 'expected a string' })
      .max(max, { error: `expected at most ${max} characters` }),
  /** A list of at most `max` items. */
  list: <T extends z.ZodType>(item: T, max: number) =>
    z
      .array(item, { error: 'expected an array' })
      .max(max, { error: `expected at most ${max} items` }),
  /** An object of these fields; unknown fields are dropped. */
  object: <S extends z.ZodRawShape>(shape: S) => z.object(shape, { error: 'expected an object' }),
  /** A JSON object with any fields (checked further by whoever owns its shape). */
  record: <T extends z.ZodType>(value: T, max = 10_000) =>
    z
      .record(z.string({ error: 'expected a string' }).max(4096), value, {
        error: 'expected an object',
      })
      .refine((r) => Object.keys(r).length <= max, { error: `expected at most ${max} keys` }),
  /** One of a closed vocabulary's values. */
  oneOf: <T extends Record<string, string>>(vocabulary: T) =>
    z.enum(vocabulary, { error: `expected one of ${Object.values(vocabulary).join(', ')}` }),
  /** An error code like RUNINK_X. */
  code: z
    .string({ error: 'expected a string' })
    .regex(/^[A-Z][A-Z0-9_]{0,99}$/, { error: 'expected an error code like RUNINK_X' }),
} as const

/**
 * The schema of a message: `{ version, type, …fields }` with `version` and `type` literals, so
 * a message of another version or kind is refused before its fields are read.
 */
export function messageSchema<const T extends string, S extends z.ZodRawShape>(
  type: T,
  version: number,
  shape: S,
) {
  return z.object(
    {
      version: z.literal(version, { error: `expected version ${version}` }),
      type: z.literal(type, { error: `expected type "${type}"` }),
      ...shape,
    },
    { error: 'expected an object' },
  )
}
