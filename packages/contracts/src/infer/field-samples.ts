/** What one member looked like across a set of objects. */
export interface FieldSamples {
  /** Values to type the field by: present, not null and, for text, not empty. */
  readonly values: unknown[]
  /** Objects holding the member at all (null and empty included). */
  appearances: number
  nulls: number
  empties: number
}

/** Members of a set of objects, in first-seen order, and how many objects there were. */
export interface MemberSamples {
  readonly count: number
  readonly members: ReadonlyMap<string, FieldSamples>
}

/**
 * Collects the members of `objects`. An empty string is "empty" (in CSV it means no value); for
 * typed input it is still kept as a value, since strict validation sees it as a string.
 */
export function sampleMembers(
  objects: Iterable<Record<string, unknown>>,
  textual: boolean,
): MemberSamples {
  const members = new Map<string, FieldSamples>()
  let count = 0
  for (const object of objects) {
    count++
    for (const key of Object.keys(object)) {
      const value = object[key]
      let samples = members.get(key)
      if (samples === undefined) {
        samples = { values: [], appearances: 0, nulls: 0, empties: 0 }
        members.set(key, samples)
      }
      if (value === undefined) continue
      samples.appearances++
      if (value === null) samples.nulls++
      else if (value === '') {
        samples.empties++
        if (!textual) samples.values.push(value)
      } else samples.values.push(value)
    }
  }
  return { count, members }
}
