// For tests that run the engine with other packages (`@runink/local`'s tests against a real
// Barn): test stages and contracts, the in-memory ports, and the one-unit commit. Source only;
// never built into dist.
export { testStage, testContract } from './test-stage.js'
export { memoryPorts } from './memory-ports.js'
export type { MemoryStage } from './memory-ports.js'
export { commitOutputs } from '../commit-outputs.js'
export type { CommitPoint } from '../commit-outputs.js'
