import type { Contract } from '../model/index.js'
import { compileInputFormat } from './input-format.js'

/** A record in, the same record with some values rewritten out. */
export type RecordWriter = (record: Readonly<Record<string, unknown>>) => Record<string, unknown>

/**
 * For text meant to be read back in coerce mode (the CSV `runi synth` writes): a function that
 * writes each top-level `date` or `timestamp` field that has an `input_format` in that format
 * (ISO values in, pattern text out; other values unchanged), so the file validates against the
 * same contract. Undefined when no field has one.
 */
export function inputFormatWriter(contract: Contract): RecordWriter | undefined {
  const formats: Array<[string, (iso: string) => string | undefined]> = []
  for (const [name, spec] of Object.entries(contract.fields)) {
    if (spec.input_format === undefined || (spec.type !== 'date' && spec.type !== 'timestamp'))
      continue
    const compiled = compileInputFormat(spec.input_format, spec.type)
    if (typeof compiled !== 'string') formats.push([name, compiled.format])
  }
  if (formats.length === 0) return undefined
  return (record) => {
    const out: Record<string, unknown> = { ...record }
    for (const [name, format] of formats) {
      const value = out[name]
      if (typeof value === 'string') out[name] = format(value) ?? value
    }
    return out
  }
}
