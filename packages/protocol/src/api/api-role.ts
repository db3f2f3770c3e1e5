import { z } from 'zod'

/** One permission of a custom role: `verb:resource-glob`, the verb read, write, delete or `*`. */
export const permissionSchema = z
  .string()
  .regex(
    /^(read|write|delete|\*):[a-z0-9{}*/_.-]{1,200}$/,
    'verb:resource-glob (the verb read, write, delete or *; e.g. read:runs/**)',
  )

/** `PUT /api/v1/herds/{herd}/roles/{role}`: what the role allows and denies (deny wins). */
export const roleDefineSchema = z
  .object({
    allow: z.array(permissionSchema).max(100),
    deny: z.array(permissionSchema).max(100).default([]),
  })
  .strict()

/** A herd's custom role as the API shows it. */
export const apiRoleSchema = z.object({
  herd: z.string(),
  name: z.string(),
  allow: z.array(z.string()),
  deny: z.array(z.string()),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
})
export type ApiRole = z.output<typeof apiRoleSchema>
