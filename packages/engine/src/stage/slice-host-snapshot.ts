/**
 * The slice host as a V8 startup snapshot's builder script (`scripts/bundle-slice-host.mjs`
 * bundles it as CommonJS and runs `node --build-snapshot` on it): every module is loaded and
 * evaluated once, and a few small slices run (`warmUpSlice`) so their code is compiled, at build
 * time; a slice started with `node --snapshot-blob <blob>` begins at {@link runSliceHost} with
 * all of it in memory. Never imported by anything else.
 */
import { startupSnapshot } from 'node:v8'
import { runSliceHost } from './run-slice-host.js'
import { warmUpSlice } from './warm-up-slice.js'

startupSnapshot.setDeserializeMainFunction(() => void runSliceHost())
// The snapshot is taken once the builder's event loop is empty, so after this has finished.
warmUpSlice().catch((error: unknown) => {
  // A snapshot without the warm-up still works: slices then compile that code themselves.
  console.warn(
    `slice host warm-up failed: ${error instanceof Error ? error.message : String(error)}`,
  )
})
