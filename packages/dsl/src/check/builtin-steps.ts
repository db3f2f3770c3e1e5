/** The built-in steps (DESIGN §7). */
export const BuiltinStep = {
  validate: 'validate',
  mask: 'mask',
  select: 'select',
  rename: 'rename',
  cast: 'cast',
  derive: 'derive',
  filter: 'filter',
  dedupe: 'dedupe',
  sql: 'sql',
  quality: 'quality',
} as const
export type BuiltinStep = (typeof BuiltinStep)[keyof typeof BuiltinStep]

/** Built-ins whose main parameter may be written positionally, and its plan name. */
export const POSITIONAL_PARAM: Readonly<Partial<Record<BuiltinStep, string>>> = {
  select: 'fields',
  filter: 'expr',
  dedupe: 'key',
  sql: 'query',
}

/** Other names the main parameter may be given under (`sql="…"`, `condition="…"`). */
export const PARAM_ALIASES: Readonly<Partial<Record<BuiltinStep, readonly string[]>>> = {
  filter: ['expr', 'condition'],
  sql: ['query', 'sql'],
  select: ['fields'],
  dedupe: ['key'],
}

/** Built-ins that may be written as `@step(sql="…")`: the parameter names the step. */
export const SHORTHAND_STEPS: readonly BuiltinStep[] = ['sql', 'filter']
