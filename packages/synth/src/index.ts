export { synthesize } from './synthesize.js'
export type { SynthOptions } from './synthesize.js'
export { synthCsvColumns } from './synth-columns.js'
export { SynthCodes } from './synth-codes.js'
