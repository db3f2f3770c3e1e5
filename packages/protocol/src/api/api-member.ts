import { HerdRole } from '@runink/core'
import { z } from 'zod'

const roles = Object.values(HerdRole) as [HerdRole, ...HerdRole[]]

/** A user as the API shows it: who the OpenID provider says it is. */
export const apiUserSchema = z.object({
  id: z.string(),
  issuer: z.string(),
  subject: z.string(),
  email: z.string().nullable(),
  displayName: z.string().nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
})
export type ApiUser = z.output<typeof apiUserSchema>

/** A user's membership: its role in a herd, or in every herd (herd null). */
export const apiMemberSchema = z.object({
  user: apiUserSchema,
  herd: z.string().nullable(),
  role: z.enum(roles),
  addedAt: z.string(),
  addedBy: z.string(),
  /** Set on the answer to a removal. */
  removedAt: z.string().nullable(),
})
export type ApiMember = z.output<typeof apiMemberSchema>

/** `PUT …/members/{user}`: the role to give. */
export const memberSetSchema = z.object({ role: z.enum(roles) }).strict()

/** The `{user}` path parameter: a user's id. */
export const userIdSchema = z.string().min(1).max(64)
