/** The program a slice process runs: see {@link runSliceHost}. */
import { runSliceHost } from './run-slice-host.js'

await runSliceHost()
