/**
 * What a member of a herd (a person, or an API token scoped to the herd) may do there, each
 * including the one before: `viewer` reads, `editor` also runs pipelines and writes datasets,
 * `admin` also manages the herd's members, tokens and grants.
 */
export const HerdRole = { viewer: 'viewer', editor: 'editor', admin: 'admin' } as const
export type HerdRole = (typeof HerdRole)[keyof typeof HerdRole]

const RANK: Readonly<Record<HerdRole, number>> = { viewer: 1, editor: 2, admin: 3 }

/** Whether a member with `role` may do what `needed` allows (admin ⊃ editor ⊃ viewer). */
export function roleAllows(role: HerdRole, needed: HerdRole): boolean {
  return RANK[role] >= RANK[needed]
}
