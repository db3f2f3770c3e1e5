/**
 * The slice host as a V8 startup snapshot's builder script (`scripts/bundle-slice-host.mjs`
 * bundles it as CommonJS and runs `node --build-snapshot` on it): every module is loaded and
 * evaluated once, at build time, and a slice started with `node --snapshot-blob <blob>` begins
 * at {@link runSliceHost} with all of it in memory. Never imported by anything else.
 */
import { startupSnapshot } from 'node:v8'
import { runSliceHost } from './run-slice-host.js'

startupSnapshot.setDeserializeMainFunction(() => void runSliceHost())
