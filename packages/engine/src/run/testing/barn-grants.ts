import type { Barn } from '@runink/store'
import type { HerdGrants } from '../herd-grants.js'

/** The grants of `herd` as they are in the Barn now (the CLI reads them so before a run). */
export async function barnGrants(barn: Barn, herd = 'default'): Promise<HerdGrants> {
  return {
    egress: (await barn.herds.egressGrants(herd)).map((g) => g.step),
    folders: (await barn.herds.pathGrants(herd)).map((g) => ({
      folder: g.folder,
      writable: g.writable,
    })),
  }
}
