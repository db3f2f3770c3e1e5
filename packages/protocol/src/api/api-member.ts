import { z } from 'zod'

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
  /** viewer, editor, admin, or one of the herd's custom roles. */
  role: z.string(),
  addedAt: z.string(),
  addedBy: z.string(),
  /** Set on the answer to a removal. */
  removedAt: z.string().nullable(),
})
export type ApiMember = z.output<typeof apiMemberSchema>

/** A role's name: viewer, editor, admin, or a custom role's (a-z first, then a-z, 0-9 or -). */
export const roleNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, 'a role name: viewer, editor, admin or a custom role')

/** `PUT …/members/{user}`: the role to give (a custom one only in a herd that defines it). */
export const memberSetSchema = z.object({ role: roleNameSchema }).strict()

/** The `{user}` path parameter: a user's id. */
export const userIdSchema = z.string().min(1).max(64)
