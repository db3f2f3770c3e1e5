/**
 * Bounds on a contract file, so that a hostile one fails fast with a coded error instead of
 * exhausting memory or the stack: real contracts are a few kilobytes, nest a few levels and use
 * aliases (if at all) a handful of times.
 */

/** The largest contract text parsed, in UTF-16 characters (1 MiB). */
export const MAX_CONTRACT_CHARS = 1024 * 1024

/**
 * The `yaml` library's own bound on alias expansion (`maxAliasCount` of `toJS`): each alias
 * counts the aliases inside what it copies, so a "billion laughs" document fails at once.
 */
export const MAX_ALIAS_COUNT = 100

/** How deep mappings and lists may nest (objects of objects of fields use two levels each). */
export const MAX_CONTRACT_DEPTH = 64
