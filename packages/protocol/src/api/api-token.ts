import { HerdRole } from '@runink/core'
import { z } from 'zod'

const roles = Object.values(HerdRole) as [HerdRole, ...HerdRole[]]

/** An API token as the API lists it: never its secret. */
export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Null: an instance-wide token (an instance admin when its role is admin). */
  herd: z.string().nullable(),
  role: z.enum(roles),
  createdAt: z.string(),
  createdBy: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
})
export type ApiToken = z.output<typeof apiTokenSchema>

/** `POST /api/v1/herds/{herd}/tokens`: a token for that herd. */
export const tokenCreateSchema = z
  .object({
    name: z.string().min(1).max(100),
    role: z.enum(roles),
    /** Days until it expires (default 90); tokens always expire. */
    expiresInDays: z.number().int().min(1).max(3650).default(90),
  })
  .strict()

/** The answer to creating a token: the only time its secret is shown. */
export const tokenCreatedSchema = z.object({ token: apiTokenSchema, secret: z.string() })
