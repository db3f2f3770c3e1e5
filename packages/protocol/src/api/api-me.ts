import { HerdRole } from '@runink/core'
import { z } from 'zod'

const roles = Object.values(HerdRole) as [HerdRole, ...HerdRole[]]

/** `GET /api/v1/me`: who the credential is, and its role in each herd it may use. */
export const apiMeSchema = z.object({
  kind: z.enum(['token', 'user', 'run']),
  id: z.string(),
  name: z.string(),
  /** What audit entries written for it name as their actor. */
  actor: z.string(),
  /** Its role in every herd (and on instance routes); null when none. */
  instanceRole: z.enum(roles).nullable(),
  /** Each herd it has a role in (every herd, for an instance-wide role), by name; a custom role by its name. */
  herds: z.array(z.object({ herd: z.string(), role: z.string() })),
})
export type ApiMe = z.output<typeof apiMeSchema>
