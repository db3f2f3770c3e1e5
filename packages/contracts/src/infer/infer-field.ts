import type { FieldSpec, FieldType, StringFormat } from '../model/index.js'
import { FORMAT_TESTS } from '../validate/formats.js'
import { type MemberSamples, sampleMembers } from './field-samples.js'
import { numberType, stringType, textType } from './infer-scalar.js'
import { isPersonalName } from './name-hints.js'

/** Enums are guessed only from this many records, with at most this many values seen twice each. */
const ENUM_MIN_RECORDS = 20
const ENUM_MAX_VALUES = 10
const ENUM_MIN_REPEATS = 2

/** Formats guessed when every value matches, tried in this order. */
const GUESSED_FORMATS: ReadonlyArray<readonly [StringFormat, (s: string) => boolean]> = [
  ['uuid', FORMAT_TESTS.uuid],
  ['email', FORMAT_TESTS.email],
  ['ipv4', FORMAT_TESTS.ipv4],
  ['uri', (s) => s.includes('://') && FORMAT_TESTS.uri(s)],
]

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** A field spec with every flag off. */
function bare(type: FieldType): Mutable<FieldSpec> {
  return { type, required: false, nullable: false, unique: false, pii: false, join_key: false }
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Parsed JSON texts when every text is a JSON object (or every one an array), else undefined. */
function parsedStructures(texts: readonly string[]): unknown[] | undefined {
  const first = texts[0]?.trimStart()[0]
  if (first !== '{' && first !== '[') return undefined
  const out: unknown[] = []
  for (const text of texts) {
    try {
      const value: unknown = JSON.parse(text)
      if (first === '{' ? !isPlain(value) : !Array.isArray(value)) return undefined
      out.push(value)
    } catch {
      return undefined
    }
  }
  return out
}

/** Inference of one set of fields, collecting notes. */
export class FieldInference {
  /** Notes for the user: guesses to review. */
  readonly notes: string[] = []

  /** Field specs of `samples`, in first-seen order. */
  fields(samples: MemberSamples, textual: boolean, path: string): Record<string, FieldSpec> {
    const out: Record<string, FieldSpec> = {}
    for (const [name, s] of samples.members) {
      const at = path === '' ? name : `${path}.${name}`
      const spec = this.valueSpec(name, s.values, textual, at, samples.count)
      spec.required = s.values.length === samples.count && s.empties === 0
      spec.nullable = !textual && s.nulls > 0
      if (s.values.length === 0) this.notes.push(`${at}: no values seen; typed as string`)
      Object.defineProperty(out, name, {
        value: spec,
        enumerable: true,
        writable: true,
        configurable: true,
      })
    }
    return out
  }

  /** The type and value rules of a field from its non-null values. */
  private valueSpec(
    name: string,
    values: readonly unknown[],
    textual: boolean,
    path: string,
    records: number,
  ): Mutable<FieldSpec> {
    if (textual && values.every((v) => typeof v === 'string')) {
      const texts = values as readonly string[]
      const parsed = texts.length > 0 ? parsedStructures(texts) : undefined
      if (parsed !== undefined) return this.typedSpec(name, parsed, path, records)
      const spec = bare(textType(name, texts))
      if (spec.type === 'string') this.stringRules(spec, texts, records)
      return this.tagged(name, spec, path)
    }
    return this.typedSpec(name, values, path, records)
  }

  private typedSpec(
    name: string,
    values: readonly unknown[],
    path: string,
    records: number,
  ): Mutable<FieldSpec> {
    const kinds = new Set(
      values.map((v) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v)),
    )
    const kind = kinds.size === 1 ? [...kinds][0] : kinds.size === 0 ? 'string' : 'mixed'
    let spec: Mutable<FieldSpec>
    switch (kind) {
      case 'boolean':
        spec = bare('bool')
        break
      case 'number':
        spec = bare(numberType(name, values as number[]))
        break
      case 'string':
        spec = bare(stringType(values as string[]))
        if (spec.type === 'string') this.stringRules(spec, values as string[], records)
        break
      case 'object':
        spec = bare('object')
        spec.fields = this.fields(
          sampleMembers(values as Record<string, unknown>[], false),
          false,
          path,
        )
        break
      case 'array':
        spec = this.arraySpec(name, values as unknown[][], path)
        break
      default:
        spec = bare('json')
        if (kind === 'mixed')
          this.notes.push(
            `${path}: values of several types (${[...kinds].join(', ')}); typed as json`,
          )
    }
    return this.tagged(name, spec, path)
  }

  private arraySpec(name: string, arrays: readonly unknown[][], path: string): Mutable<FieldSpec> {
    const spec = bare('array')
    const elements = arrays.flat(1)
    if (elements.length === 0) return spec
    const present = elements.filter((e) => e !== null)
    const items = this.typedSpec(name, present, `${path}[]`, present.length)
    items.nullable = present.length < elements.length
    spec.items = items
    return spec
  }

  /** Format (when every value matches one) or else a small enum (when values repeat). */
  private stringRules(spec: Mutable<FieldSpec>, texts: readonly string[], records: number): void {
    if (texts.length === 0) return
    const format = GUESSED_FORMATS.find(([, test]) => texts.every(test))
    if (format !== undefined) {
      spec.format = format[0]
      return
    }
    if (records < ENUM_MIN_RECORDS) return
    const counts = new Map<string, number>()
    for (const t of texts) {
      counts.set(t, (counts.get(t) ?? 0) + 1)
      if (counts.size > ENUM_MAX_VALUES) return
    }
    if ([...counts.values()].every((n) => n >= ENUM_MIN_REPEATS)) spec.enum = [...counts.keys()]
  }

  /** Suggests `pii` for names that look personal and for emails, with a note to review. */
  private tagged(name: string, spec: Mutable<FieldSpec>, path: string): Mutable<FieldSpec> {
    const leaf = spec.type !== 'object' && spec.type !== 'array'
    if (leaf && (isPersonalName(name) || spec.format === 'email')) {
      spec.pii = true
      this.notes.push(`${path}: marked pii (looks like personal data); review its access and mask`)
    }
    return spec
  }
}
