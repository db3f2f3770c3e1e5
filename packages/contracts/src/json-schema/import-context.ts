/** A keyword an import could not express in the contract, and why. */
export interface UnsupportedKeyword {
  /** JSON Pointer (as a `#` fragment) of the schema holding the keyword. */
  readonly path: string
  readonly keyword: string
  readonly reason: string
}

/** Something that stops the import: a malformed schema or an invalid resulting contract. */
export interface ImportProblem {
  readonly path: string
  readonly message: string
}

type Schema = Readonly<Record<string, unknown>>

/** A JSON object, as opposed to an array, null or a primitive. */
export const isSchemaObject = (v: unknown): v is Schema =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** The pointer of a child: `#/properties/a~1b` for key `a/b` under `#/properties`. */
export const pointer = (path: string, ...keys: string[]): string =>
  keys.reduce((p, k) => `${p}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, path)

/** The state of one import: the root (for `$ref`) and what it found. */
export class ImportContext {
  readonly unsupported: UnsupportedKeyword[] = []
  readonly problems: ImportProblem[] = []
  /** `$ref`s being expanded, to stop on recursion. */
  readonly expanding = new Set<string>()
  /** Fields open around the one being imported. */
  depth = 0
  /** Fields imported so far: `$ref`s reused at every level multiply them. */
  fields = 0
  /** A limit was hit (reported once; the rest of the import is cut short). */
  limited = false

  constructor(readonly root: unknown) {}

  /** Notes a keyword that has no contract equivalent (or only an approximate one). */
  unsupportedAt(path: string, keyword: string, reason: string): void {
    this.unsupported.push({ path, keyword, reason })
  }

  /** Reports the first limit hit, once. */
  limit(path: string, message: string): void {
    if (!this.limited) this.problem(path, message)
    this.limited = true
  }

  /** Notes a problem that leaves no contract. */
  problem(path: string, message: string): void {
    this.problems.push({ path, message })
  }

  /** The schema a local `$ref` (`#/$defs/a`) points at, or undefined when it points nowhere. */
  resolve(ref: string): unknown {
    if (ref === '#') return this.root
    if (!ref.startsWith('#/')) return undefined
    let node: unknown = this.root
    for (const raw of ref.slice(2).split('/')) {
      const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')
      if (!isSchemaObject(node) || !Object.hasOwn(node, key)) return undefined
      node = node[key]
    }
    return node
  }
}
