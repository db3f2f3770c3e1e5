import { canonicalJson } from '@runink/core'
import type { FieldSpec } from '@runink/contracts'

/**
 * The key a `unique` field compares values by, as the validator does. Synthetic timestamps are
 * all in one canonical UTC form, so their text stands for their instant.
 */
function uniqueKey(value: unknown): unknown {
  if (typeof value === 'object' && value !== null) return canonicalJson(value)
  return value
}

/**
 * Values already taken by `unique` fields in one synthesis run. Claims made while building a
 * record are journalled, so a record that is thrown away gives its values back.
 */
export class UniqueValues {
  private readonly seen = new Map<FieldSpec, Set<unknown>>()
  private journal: Array<readonly [Set<unknown>, unknown]> = []

  private setOf(spec: FieldSpec): Set<unknown> {
    let set = this.seen.get(spec)
    if (set === undefined) {
      set = new Set()
      this.seen.set(spec, set)
    }
    return set
  }

  /** True when `value` may be used: the field is not unique, or the value is not taken yet. */
  free(spec: FieldSpec, value: unknown): boolean {
    return !spec.unique || !this.setOf(spec).has(uniqueKey(value))
  }

  /** Takes `value` for a unique field (no-op otherwise). */
  claim(spec: FieldSpec, value: unknown): void {
    if (!spec.unique) return
    const set = this.setOf(spec)
    const key = uniqueKey(value)
    set.add(key)
    this.journal.push([set, key])
  }

  /** A point to roll back to. */
  mark(): number {
    return this.journal.length
  }

  /** Gives back every value claimed since `mark`. */
  rollback(mark: number): void {
    for (let i = this.journal.length - 1; i >= mark; i--) {
      const [set, key] = this.journal[i] as readonly [Set<unknown>, unknown]
      set.delete(key)
    }
    this.journal.length = mark
  }

  /** Keeps every claim so far (the record was accepted). */
  commit(): void {
    this.journal = []
  }
}
