/**
 * Flags every slice host's Node starts with. `--max-semi-space-size=16` caps V8's young
 * generation at 16 MB per semi-space, the size Node 20 used: Node 22 and later let it grow to
 * 64 MB on large machines, which raised a streaming slice's peak RSS from about 150 MB to
 * 214–254 MB (bench throughput and memory, 1M and 21M records) with no measurable gain in
 * records per second. A slice's memory limit is the user's budget for their records, not for a
 * bigger nursery.
 */
export const SLICE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=16']
