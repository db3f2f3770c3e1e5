export { inferContract } from './infer-contract.js'
export type { InferOptions, InferResult } from './infer-contract.js'
