import { didYouMeanHint, RuninkError } from '@runink/core'
import { StoreErrors, type Barn } from '@runink/store'

/** The herd a path names, or a 404 naming it (with the closest name when the caller sees all). */
export async function requireHerd(barn: Barn, herd: string, seesAll: boolean): Promise<void> {
  const names = (await barn.herds.list()).map((h) => h.name)
  if (names.includes(herd)) return
  throw new RuninkError(
    StoreErrors.RUNINK_STORE_NOT_FOUND,
    `no herd "${herd}"${seesAll ? didYouMeanHint(herd, names) : ''}`,
    { details: { what: 'herd', id: herd } },
  )
}
