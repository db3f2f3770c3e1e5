export { processAlive } from './process-alive.js'
export { processStartTicks } from './process-start-ticks.js'
export { openAtomicFile, writeFileAtomic } from './atomic-file.js'
export type { AtomicFile, AtomicFileOptions } from './atomic-file.js'
