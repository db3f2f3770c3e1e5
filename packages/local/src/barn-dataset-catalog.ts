import type { DatasetCatalog } from '@runink/engine'
import type { Barn } from '@runink/store'

/**
 * The Barn as the engine's dataset catalog (`DatasetCatalog` of `@runink/engine`): dataset
 * references resolved in a herd, object bytes by content key, the stage cache, and a stage's
 * outputs published as one unit.
 */
export function barnDatasetCatalog(barn: Barn): DatasetCatalog {
  return {
    datasets: barn.datasets,
    objects: barn.objects,
    cache: barn.cache,
    commits: barn.commits,
  }
}
