/** A 1-based position in the source text. */
export interface Position {
  readonly line: number
  readonly column: number
}

/** A map entry; keys keep their declaration order. */
export interface DocEntry {
  readonly key: string
  readonly keyAt?: Position
  readonly value: DocNode
}

/**
 * The document tree the normaliser checks. YAML and JSON text produce it with positions, the
 * builder produces it from plain objects without; one checker then serves both, so they agree.
 */
export type DocNode =
  | { readonly kind: 'map'; readonly entries: readonly DocEntry[]; readonly at?: Position }
  | { readonly kind: 'seq'; readonly items: readonly DocNode[]; readonly at?: Position }
  | { readonly kind: 'scalar'; readonly value: unknown; readonly at?: Position }

/** A document tree from a plain value; `undefined` members count as absent. */
export function docNodeOf(value: unknown): DocNode {
  if (Array.isArray(value)) return { kind: 'seq', items: value.map(docNodeOf) }
  if (
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([key, v]) => ({ key, value: docNodeOf(v) }))
    return { kind: 'map', entries }
  }
  return { kind: 'scalar', value }
}

/** A short description of a node for messages: `a mapping`, `a list`, `"abc"`, `12`. */
export function describeNode(node: DocNode): string {
  if (node.kind === 'map') return 'a mapping'
  if (node.kind === 'seq') return 'a list'
  const v = node.value
  if (v === null || v === undefined) return 'an empty value'
  if (typeof v === 'string') return JSON.stringify(v)
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  return typeof v
}
