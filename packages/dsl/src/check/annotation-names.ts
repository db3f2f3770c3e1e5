/** Annotations of the file level. */
export const FILE_ANNOTATIONS: readonly string[] = ['feature', 'contract', 'steps']

/** Annotations of a scenario. */
export const SCENARIO_ANNOTATIONS: readonly string[] = [
  'source',
  'step',
  'sink',
  'requires',
  'affinity',
  'herd',
  'retry',
  'cache',
  'parallel',
  'partition',
  'emits',
  'golden',
  'assert',
  'after',
  'auto',
  'module',
  'empty',
]

/** Annotations that only appear inside `@source(…)`. */
export const SOURCE_ANNOTATIONS: readonly string[] = ['window', 'meta']

/** Annotations that may appear at most once where they appear. */
export const ONCE: ReadonlySet<string> = new Set([
  'feature',
  'requires',
  'affinity',
  'herd',
  'retry',
  'cache',
  'parallel',
  'partition',
  'golden',
  'module',
  'empty',
])

/** Every annotation name. */
export const ALL_ANNOTATIONS: readonly string[] = [
  ...FILE_ANNOTATIONS,
  ...SCENARIO_ANNOTATIONS,
  ...SOURCE_ANNOTATIONS,
]
