import {
  celConverter,
  fieldsConverter,
  parseCel,
  type CelConvert,
  type Contract,
  type FieldSpec,
} from '@runink/contracts'
import { fieldValue } from './field-value.js'
import type { SynthContext } from './synth-context.js'
import { unsatisfiable } from './unsatisfiable.js'

/** Candidates drawn for a field whose `check` fails before giving up on it. */
const CHECK_TRIES = 50

type Program = ReturnType<typeof parseCel>

/**
 * Makes a built record pass the contract's CEL `check`s: a field whose check fails is drawn again
 * (up to {@link CHECK_TRIES} times), then left out or set null where allowed; otherwise throws
 * `RUNINK_SYNTH_UNSATISFIABLE` naming the field. Checks see `value` and the whole `record`.
 */
export class CheckRepair {
  private readonly programs = new Map<string, Program>()
  /** Checks see values as the validator hands them to CEL (int fields as BigInt). */
  private readonly converters = new Map<FieldSpec, CelConvert | undefined>()
  private readonly recordConvert: CelConvert | undefined

  constructor(
    private readonly ctx: SynthContext,
    private readonly contract: Contract,
  ) {
    this.recordConvert = fieldsConverter(contract.fields)
  }

  /** Repairs `record` in place. */
  repair(record: Record<string, unknown>): void {
    this.members(this.contract.fields, record, record, '')
  }

  private passes(spec: FieldSpec, value: unknown, root: Record<string, unknown>): boolean {
    const expression = spec.check as string
    let program = this.programs.get(expression)
    if (program === undefined) {
      program = parseCel(expression)
      this.programs.set(expression, program)
    }
    if (!this.converters.has(spec)) this.converters.set(spec, celConverter(spec))
    const convert = this.converters.get(spec)
    const record = this.recordConvert === undefined ? root : this.recordConvert(root)
    try {
      return program({ value: convert === undefined ? value : convert(value), record }) === true
    } catch {
      return false
    }
  }

  private members(
    fields: Readonly<Record<string, FieldSpec>>,
    obj: Record<string, unknown>,
    root: Record<string, unknown>,
    path: string,
  ): void {
    for (const [name, spec] of Object.entries(fields)) {
      if (!Object.hasOwn(obj, name)) continue
      const at = path === '' ? name : `${path}.${name}`
      const slot = {
        get: () => obj[name],
        set: (v: unknown) =>
          Object.defineProperty(obj, name, {
            value: v,
            enumerable: true,
            writable: true,
            configurable: true,
          }),
        drop: spec.required ? undefined : () => delete obj[name],
      }
      this.slot(name, spec, slot, root, at)
    }
  }

  private slot(
    name: string,
    spec: FieldSpec,
    slot: { get: () => unknown; set: (v: unknown) => unknown; drop: (() => unknown) | undefined },
    root: Record<string, unknown>,
    path: string,
  ): void {
    const value = slot.get()
    if (value === null || value === undefined) return
    this.inner(name, spec, value, root, path)
    if (spec.check === undefined || this.passes(spec, value, root)) return
    for (let attempt = 0; attempt < CHECK_TRIES; attempt++) {
      const next = fieldValue(this.ctx, name, spec, path)
      slot.set(next)
      this.inner(name, spec, next, root, path)
      if (this.passes(spec, next, root)) return
    }
    if (slot.drop !== undefined) slot.drop()
    else if (spec.nullable) slot.set(null)
    else
      throw unsatisfiable(
        path,
        `no value found that passes its check ${JSON.stringify(spec.check)}`,
      )
  }

  private inner(
    name: string,
    spec: FieldSpec,
    value: unknown,
    root: Record<string, unknown>,
    path: string,
  ): void {
    if (spec.type === 'object' && spec.fields !== undefined && typeof value === 'object')
      this.members(spec.fields, value as Record<string, unknown>, root, path)
    if (spec.type === 'array' && spec.items !== undefined && Array.isArray(value)) {
      const items = spec.items
      value.forEach((_, i) => {
        const slot = {
          get: () => value[i] as unknown,
          set: (v: unknown) => (value[i] = v),
          drop: undefined,
        }
        this.slot(name, items, slot, root, `${path}[${i}]`)
      })
    }
  }
}
