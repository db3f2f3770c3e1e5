import type { HerdGrants } from '@runink/engine'
import type { Barn } from '@runink/store'

/** What the herd grants a run, read from the Barn once, before the run starts. */
export async function readHerdGrants(barn: Barn, herd: string): Promise<HerdGrants> {
  const [egress, paths] = await Promise.all([
    barn.herds.egressGrants(herd),
    barn.herds.pathGrants(herd),
  ])
  return {
    egress: egress.map((g) => g.step),
    folders: paths.map((g) => ({ folder: g.folder, writable: g.writable })),
  }
}
