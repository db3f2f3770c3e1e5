import type { FieldType } from '@runink/contracts'

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

/**
 * The parameters of each built-in step as the plan carries them: canonical names only (the
 * compiler resolves positional arguments and aliases), lists as arrays, CEL canonical.
 */
export interface BuiltinParams {
  readonly validate: Readonly<Record<string, never>>
  readonly mask: Readonly<Record<string, never>>
  /** The fields kept, in this order. */
  readonly select: { readonly fields: readonly string[] }
  /** `from: to`, one entry per renamed field. */
  readonly rename: Readonly<Record<string, string>>
  /** `field: type`. */
  readonly cast: Readonly<Record<string, FieldType>>
  /** `field: CEL expression`. */
  readonly derive: Readonly<Record<string, string>>
  /** The CEL condition a record must meet to be kept. */
  readonly filter: { readonly condition: string }
  /** The fields whose values together identify a record (the first one is kept). */
  readonly dedupe: { readonly key: readonly string[] }
  /** The DuckDB query over `input` (and one table per source). */
  readonly sql: { readonly sql: string }
  readonly quality: {
    readonly not_null?: readonly string[]
    readonly unique?: readonly string[]
    readonly min_rows?: number
  }
}

/** How a plan carries a parameter: a text, a list of names, or a count. */
export type BuiltinParamKind = 'text' | 'list' | 'count'

/** The parameters one built-in takes, in canonical form (see {@link BUILTIN_PARAMS}). */
export interface BuiltinParamSpec {
  /**
   * The required main parameter: written positionally (`@step("filter", "…")`), under its
   * name or one of `aliases`; the plan carries it under `name` only.
   */
  readonly main?: {
    readonly name: string
    readonly kind: 'text' | 'list'
    readonly aliases: readonly string[]
  }
  /** Optional named parameters. */
  readonly optional?: Readonly<Record<string, BuiltinParamKind>>
  /** Parameters keyed by field name (`rename`, `cast`, `derive`), each value a text. */
  readonly byField?: true
}

/**
 * The canonical parameter table: what the compiler writes into the plan for each built-in and
 * all the engine reads (it guesses nothing).
 *
 * | step       | plan params                                          |
 * | ---------- | ---------------------------------------------------- |
 * | `validate` | none                                                 |
 * | `mask`     | none                                                 |
 * | `select`   | `fields` (list)                                      |
 * | `rename`   | `{from: to}`                                         |
 * | `cast`     | `{field: type}`                                      |
 * | `derive`   | `{field: cel}`                                       |
 * | `filter`   | `condition` (CEL; written positionally or `expr=`)   |
 * | `dedupe`   | `key` (list)                                         |
 * | `sql`      | `sql` (query; written positionally or `query=`)      |
 * | `quality`  | `not_null?` (list), `unique?` (list), `min_rows?`    |
 */
export const BUILTIN_PARAMS: { readonly [N in BuiltinStep]: BuiltinParamSpec } = {
  validate: {},
  mask: {},
  select: { main: { name: 'fields', kind: 'list', aliases: [] } },
  rename: { byField: true },
  cast: { byField: true },
  derive: { byField: true },
  filter: { main: { name: 'condition', kind: 'text', aliases: ['expr'] } },
  dedupe: { main: { name: 'key', kind: 'list', aliases: [] } },
  sql: { main: { name: 'sql', kind: 'text', aliases: ['query'] } },
  quality: { optional: { not_null: 'list', unique: 'list', min_rows: 'count' } },
}

/** Built-ins that may be written as `@step(sql="…")`: the parameter names the step. */
export const SHORTHAND_STEPS: readonly BuiltinStep[] = ['sql', 'filter']
