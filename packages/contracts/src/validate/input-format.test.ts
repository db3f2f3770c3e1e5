import { describe, expect, it } from 'vitest'
import { diffContracts } from '../diff/diff-contracts.js'
import { fromJsonSchema } from '../json-schema/from-json-schema.js'
import { toJsonSchema } from '../json-schema/to-json-schema.js'
import { parseContract } from '../load/parse-contract.js'
import { compileValidator } from './compile-validator.js'
import { compileInputFormat } from './input-format.js'
import { inputFormatWriter } from './input-format-writer.js'

function contractWith(field: string) {
  return parseContract(`contract: t\nversion: 1.0.0\nfields:\n  ${field}\n`, 'contracts/t.yaml')
}

function parse(pattern: string, type: 'date' | 'timestamp', text: string): string | undefined {
  const format = compileInputFormat(pattern, type)
  if (typeof format === 'string') throw new Error(format)
  return format.parse(text)
}

describe('input_format patterns', () => {
  it('reads day-first dates and timestamps into ISO text, a zoneless time as UTC', () => {
    expect(parse('dd/MM/yyyy', 'date', '07/12/2026')).toBe('2026-12-07')
    expect(parse('d.M.yyyy', 'date', '7.2.2026')).toBe('2026-02-07')
    expect(parse('dd/MM/yyyy HH:mm', 'timestamp', '07/12/2026 18:05')).toBe('2026-12-07T18:05:00Z')
    expect(parse("yyyyMMdd'T'HHmmss.SSSXX", 'timestamp', '20261207T180501.250+0130')).toBe(
      '2026-12-07T18:05:01.250+01:30',
    )
    expect(parse('dd MMM yyyy', 'date', '07 dec 2026')).toBe('2026-12-07')
    expect(parse("dd/MM/yyyy 'at' HH:mmXXX", 'timestamp', '07/12/2026 at 09:30Z')).toBe(
      '2026-12-07T09:30:00Z',
    )
  })

  it('reads nothing else: other layouts, extra text and missing digits are undefined', () => {
    expect(parse('dd/MM/yyyy', 'date', '2026-12-07')).toBeUndefined()
    expect(parse('dd/MM/yyyy', 'date', '07/12/2026 ')).toBeUndefined()
    expect(parse('dd/MM/yyyy', 'date', '7/12/2026')).toBeUndefined()
    expect(parse('dd.MM.yyyy', 'date', '07x12x2026')).toBeUndefined()
  })

  it('refuses patterns it cannot read exactly, saying why', () => {
    expect(compileInputFormat('dd/MM/yy', 'date')).toMatch(/"yy" is not a pattern letter/)
    expect(compileInputFormat('MM/yyyy', 'date')).toMatch(/needs a year .* and a day/)
    expect(compileInputFormat('dd/MM/yyyy HH:mm', 'date')).toMatch(/a date has no time of day/)
    expect(compileInputFormat('dd/MM/yyyy mm', 'timestamp')).toMatch(/need an hour/)
    expect(compileInputFormat('dd/MM/yyyy dd', 'date')).toMatch(/repeats/)
    expect(compileInputFormat("dd/MM/yyyy 'T", 'date')).toMatch(/never closed/)
  })
})

describe('writing values in an input_format', () => {
  const format = (pattern: string, type: 'date' | 'timestamp', iso: string) => {
    const f = compileInputFormat(pattern, type)
    if (typeof f === 'string') throw new Error(f)
    return f.format(iso)
  }

  it('writes ISO values in the pattern, in UTC, and reads them back to the same instant', () => {
    expect(format('dd/MM/yyyy HH:mm', 'timestamp', '2026-12-07T18:05:00.000Z')).toBe(
      '07/12/2026 18:05',
    )
    expect(format('d.M.yyyy', 'date', '2026-02-07')).toBe('7.2.2026')
    expect(
      format("dd MMM yyyy 'at' H:mm:ss.SSSSXXX", 'timestamp', '2026-01-02T04:05:06.7+01:00'),
    ).toBe('02 Jan 2026 at 3:05:06.7000Z')
    const f = compileInputFormat("yyyyMMdd'T'HHmmss.SSSXX", 'timestamp')
    if (typeof f === 'string') throw new Error(f)
    expect(f.parse(f.format('2026-12-07T18:05:01.250Z')!)).toBe('2026-12-07T18:05:01.250Z')
    expect(format('dd/MM/yyyy', 'date', 'not a date')).toBeUndefined()
  })

  it('a contract writer rewrites only the fields that have a format; none → undefined', () => {
    const { contract } = contractWith(
      'at: { type: timestamp, input_format: "dd/MM/yyyy HH:mm" }\n  day: date\n  n: int',
    )
    const write = inputFormatWriter(contract!.model)!
    expect(write({ at: '2026-12-07T18:05:00Z', day: '2026-12-07', n: 3 })).toEqual({
      at: '07/12/2026 18:05',
      day: '2026-12-07',
      n: 3,
    })
    expect(inputFormatWriter(contractWith('day: date').contract!.model)).toBeUndefined()
  })
})

describe('input_format in contracts', () => {
  it('coerce mode reads the format into ISO values; a value in another layout is a type error naming the format', () => {
    const { contract, problems } = contractWith(
      'traded_at: { type: timestamp, required: true, input_format: "dd/MM/yyyy HH:mm" }\n  day: { type: date, input_format: "dd/MM/yyyy" }',
    )
    expect(problems).toEqual([])
    expect(contract?.model.fields.traded_at?.input_format).toBe('dd/MM/yyyy HH:mm')
    const v = compileValidator(contract!.model, { mode: 'coerce' })
    expect(v.validate({ traded_at: '07/12/2026 18:05', day: '31/01/2026' })).toEqual({
      valid: true,
      value: { traded_at: '2026-12-07T18:05:00.000Z', day: '2026-01-31' },
    })
    const wrong = v.validate({ traded_at: '2026-12-07T18:05:00Z', day: '31/02/2026' })
    if (wrong.valid) throw new Error('expected invalid')
    expect(wrong.errors.map((e) => [e.path, e.rule])).toEqual([
      ['traded_at', 'type'],
      ['day', 'type'],
    ])
    expect(wrong.errors[0]?.message).toContain('dd/MM/yyyy HH:mm')
    // Strict mode (typed sources, stage outputs) reads ISO values as before.
    const strict = compileValidator(contract!.model, { mode: 'strict' })
    expect(strict.validate({ traded_at: '2026-12-07T18:05:00Z', day: '2026-01-31' }).valid).toBe(
      true,
    )
  })

  it('a bad pattern or a pattern on another type is a load problem naming the field', () => {
    const bad = contractWith('traded_at: { type: timestamp, input_format: "dd/MM/yy HH:mm" }')
    expect(bad.contract).toBeUndefined()
    expect(bad.problems[0]).toMatchObject({
      code: 'RUNINK_CONTRACT_INVALID_VALUE',
      path: 'fields.traded_at.input_format',
    })
    expect(bad.problems[0]?.message).toMatch(
      /input_format "dd\/MM\/yy HH:mm" cannot read a timestamp/,
    )
    const other = contractWith('price: { type: decimal, input_format: "dd/MM/yyyy" }')
    expect(other.problems[0]).toMatchObject({ path: 'fields.price.input_format' })
    expect(other.problems[0]?.message).toMatch(/does not apply to decimal fields/)
  })

  it('changes the contract hash only when set', () => {
    const plain = contractWith('at: { type: timestamp }').contract!
    const same = contractWith('at: { type: timestamp }').contract!
    const formatted = contractWith(
      'at: { type: timestamp, input_format: "dd/MM/yyyy HH:mm" }',
    ).contract!
    expect(plain.hash).toBe(same.hash)
    expect(formatted.hash).not.toBe(plain.hash)
  })

  it('travels through JSON Schema export and import', () => {
    const c = contractWith('at: { type: timestamp, input_format: "dd/MM/yyyy HH:mm" }').contract!
    const back = fromJsonSchema(toJsonSchema(c.model))
    expect(back.contract?.fields.at?.input_format).toBe('dd/MM/yyyy HH:mm')
  })

  it('adding, changing or removing it is a breaking change', () => {
    const iso = contractWith('at: { type: timestamp }').contract!.model
    const dmy = contractWith('at: { type: timestamp, input_format: "dd/MM/yyyy HH:mm" }').contract!
      .model
    const mdy = contractWith('at: { type: timestamp, input_format: "MM/dd/yyyy HH:mm" }').contract!
      .model
    for (const [a, b] of [
      [iso, dmy],
      [dmy, mdy],
      [dmy, iso],
    ] as const) {
      const diff = diffContracts(a, b)
      expect(diff.breaking).toBe(true)
      expect(diff.changes.map((ch) => ch.path)).toEqual(['fields.at.input_format'])
    }
  })
})
