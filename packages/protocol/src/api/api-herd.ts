import { z } from 'zod'

/** A herd's name: lower case, digits and dashes, starting with a letter. */
export const herdNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, 'a herd name: a-z first, then a-z, 0-9 or -, at most 63')

/** A herd (tenant) as the API shows it. */
export const apiHerdSchema = z.object({ name: herdNameSchema, createdAt: z.string() })
export type ApiHerd = z.output<typeof apiHerdSchema>

/** `POST /api/v1/herds`. */
export const herdCreateSchema = z.object({ name: herdNameSchema }).strict()
