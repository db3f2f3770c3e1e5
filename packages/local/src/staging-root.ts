import path from 'node:path'
import { BARN_DIR } from '@runink/store'

/**
 * Where runs stage in a home: beside the Barn, not in it. The Barn folder is its owner's alone
 * (0700, re-tightened on every open), while a slice's own account must reach its staging
 * folder, and no Barn walk should cross a tree that slices wrote.
 */
export function stagingRootOf(home: string): string {
  return path.join(home, `${BARN_DIR}-staging`)
}
