import { describe, expect, it } from 'vitest'
import { formatProblem } from './contract-problem.js'
import { parseContract } from './parse-contract.js'

const TRADE = `# the design's example contract
contract: trade_validated
version: 1.2.0
owner: finance-data
classification: restricted
description: Validated trades
unknown_fields: drop            # reject | drop | keep
fields:
  trade_id:  { type: string, required: true, pattern: "^T[0-9]{8}$", join_key: true }
  price:     { type: decimal, required: true, min: 0 }
  currency:  { type: string, enum: [USD, EUR, GBP] }
  traded_at: { type: timestamp, required: true }
  ssn:       { type: string, pii: true, access: compliance, mask: hash }
  legs:      { type: array, items: { type: object, fields: { qty: { type: int } } } }
`

const FLAGS_OFF = { required: false, nullable: false, unique: false, pii: false, join_key: false }

describe('parseContract', () => {
  it('normalises the design example: defaults filled, order kept, nothing undefined', () => {
    const { contract, problems } = parseContract(TRADE, 'trade.yaml')
    expect(problems).toEqual([])
    expect(contract?.ref).toBe('trade_validated@1.2.0')
    expect(contract?.source).toEqual({ file: 'trade.yaml' })
    expect(contract?.hash).toMatch(/^sha256:[0-9a-f]{64}$/)
    const model = contract?.model
    expect(model).toEqual({
      contract: 'trade_validated',
      version: '1.2.0',
      owner: 'finance-data',
      classification: 'restricted',
      description: 'Validated trades',
      unknown_fields: 'drop',
      fields: {
        trade_id: {
          type: 'string',
          ...FLAGS_OFF,
          required: true,
          join_key: true,
          pattern: '^T[0-9]{8}$',
        },
        price: { type: 'decimal', ...FLAGS_OFF, required: true, min: 0 },
        currency: { type: 'string', ...FLAGS_OFF, enum: ['USD', 'EUR', 'GBP'] },
        traded_at: { type: 'timestamp', ...FLAGS_OFF, required: true },
        ssn: { type: 'string', ...FLAGS_OFF, pii: true, access: 'compliance', mask: 'hash' },
        legs: {
          type: 'array',
          ...FLAGS_OFF,
          items: { type: 'object', ...FLAGS_OFF, fields: { qty: { type: 'int', ...FLAGS_OFF } } },
        },
      },
    })
    expect(Object.keys(model?.fields ?? {})).toEqual([
      'trade_id',
      'price',
      'currency',
      'traded_at',
      'ssn',
      'legs',
    ])
    const hasUndefined = (v: unknown): boolean =>
      typeof v === 'object' && v !== null
        ? Object.values(v).some((x) => x === undefined || hasUndefined(x))
        : false
    expect(hasUndefined(model)).toBe(false)
  })

  it('defaults unknown_fields to reject and leaves absent optionals out', () => {
    const { contract } = parseContract('contract: t\nversion: 1.0.0\nfields: {}\n')
    expect(contract?.model).toEqual({
      contract: 't',
      version: '1.0.0',
      unknown_fields: 'reject',
      fields: {},
    })
    expect(contract?.source).toEqual({})
  })

  it('accepts every field key', () => {
    const yaml = `contract: all
version: 2.0.0-rc.1+build.5
fields:
  a:
    type: string
    required: true
    nullable: true
    unique: true
    pii: true
    join_key: true
    enum: [x, y]
    length: { min: 1, max: 3 }
    pattern: "^[a-z]+$"
    format: email
    check: "size(value) > 0 && record.b.n >= 0"
    access: compliance
    mask: redact
    lineage: bronze.t.a
    description: the a
  b:
    type: object
    unknown_fields: keep
    fields:
      n: { type: float, min: -1.5, max: 2.5, enum: [0, 1.5] }
  c: { type: date, min: 2024-01-01, max: "2024-12-31" }
  d: { type: timestamp, min: 2024-01-01T00:00:00Z, max: "2024-06-01 12:00:00+02:00" }
  e: { type: array, length: 2, items: int }
  f: { type: json, mask: tokenize }
  g: { type: bool, enum: [true] }
`
    const { contract, problems } = parseContract(yaml)
    expect(problems).toEqual([])
    const f = contract?.model.fields
    expect(f?.a).toEqual({
      type: 'string',
      required: true,
      nullable: true,
      unique: true,
      pii: true,
      join_key: true,
      enum: ['x', 'y'],
      length: { min: 1, max: 3 },
      pattern: '^[a-z]+$',
      format: 'email',
      check: 'size(value) > 0 && record.b.n >= 0',
      access: 'compliance',
      mask: 'redact',
      lineage: 'bronze.t.a',
      description: 'the a',
    })
    expect(f?.b?.unknown_fields).toBe('keep')
    expect(f?.b?.fields?.n).toMatchObject({ min: -1.5, max: 2.5, enum: [0, 1.5] })
    expect(f?.c).toMatchObject({ min: '2024-01-01', max: '2024-12-31' })
    expect(f?.d).toMatchObject({ min: '2024-01-01T00:00:00Z' })
    expect(f?.e).toEqual({
      type: 'array',
      ...FLAGS_OFF,
      length: { min: 2, max: 2 },
      items: { type: 'int', ...FLAGS_OFF },
    })
    expect(f?.f?.mask).toBe('tokenize')
    expect(f?.g?.enum).toEqual([true])
    expect(contract?.model.version).toBe('2.0.0-rc.1+build.5')
  })

  it('reads the shorthand `price: decimal` as a field of that type', () => {
    const { contract } = parseContract('contract: t\nversion: 1.0.0\nfields:\n  price: decimal\n')
    expect(contract?.model.fields.price).toEqual({ type: 'decimal', ...FLAGS_OFF })
    const long = parseContract('contract: t\nversion: 1.0.0\nfields:\n  price: { type: decimal }\n')
    expect(long.contract?.hash).toBe(contract?.hash)
  })

  it('reads JSON into the same model and hash as YAML', () => {
    const yaml = parseContract(TRADE).contract
    const json = parseContract(JSON.stringify(yaml?.model, null, 2), 'trade.json').contract
    expect(json?.model).toEqual(yaml?.model)
    expect(json?.hash).toBe(yaml?.hash)
  })

  it('does not let comments, quoting or key order change the hash', () => {
    const a = parseContract('contract: t\nversion: 1.0.0\nfields:\n  x: { type: int, min: 1 }\n')
    const b = parseContract(
      '# c\nfields:\n  x:\n    min: 1 # low\n    type: "int"\nversion: "1.0.0"\ncontract: \'t\'\n',
    )
    expect(b.contract?.hash).toBe(a.contract?.hash)
  })
})

describe('parseContract problems', () => {
  it('reports syntax errors with their position and no contract', () => {
    const { contract, problems } = parseContract(
      'contract: t\nversion: 1.0.0\nfields:\n  a: [1\n',
      'bad.yaml',
    )
    expect(contract).toBeUndefined()
    expect(problems.length).toBeGreaterThan(0)
    expect(problems.every((p) => p.code === 'RUNINK_CONTRACT_SYNTAX')).toBe(true)
    expect(problems[0]?.file).toBe('bad.yaml')
    expect(problems[0]?.line).toBeGreaterThanOrEqual(4)
  })

  it('reports duplicate keys as syntax errors at the second key', () => {
    const { problems } = parseContract('contract: t\nversion: 1.0.0\ncontract: u\nfields: {}\n')
    expect(problems).toMatchObject([{ code: 'RUNINK_CONTRACT_SYNTAX', line: 3, column: 1 }])
  })

  it('reports broken JSON with its position', () => {
    const { problems } = parseContract('{\n  "contract": "t",\n  "version": "1.0.0",,\n}', 'x.json')
    expect(problems[0]).toMatchObject({ code: 'RUNINK_CONTRACT_SYNTAX', file: 'x.json', line: 3 })
  })

  it('rejects an empty document and a document that is not a mapping', () => {
    expect(parseContract('# nothing\n').problems).toMatchObject([
      { code: 'RUNINK_CONTRACT_INVALID_VALUE', line: 1, column: 1 },
    ])
    expect(parseContract('- a\n- b\n').problems).toMatchObject([
      { code: 'RUNINK_CONTRACT_INVALID_VALUE', message: 'expected a mapping, got a list' },
    ])
  })

  it('reports every missing top-level key', () => {
    const { problems } = parseContract('owner: me\n')
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['RUNINK_CONTRACT_MISSING_KEY', 'contract'],
      ['RUNINK_CONTRACT_MISSING_KEY', 'version'],
      ['RUNINK_CONTRACT_MISSING_KEY', 'fields'],
    ])
    expect(problems[0]).toMatchObject({ line: 1, column: 1 })
  })

  it('suggests the closest top-level key', () => {
    const { problems } = parseContract('contract: t\nversoin: 1.0.0\nfields: {}\n')
    expect(problems[0]).toMatchObject({
      code: 'RUNINK_CONTRACT_UNKNOWN_KEY',
      path: 'versoin',
      line: 2,
      column: 1,
    })
    expect(problems[0]?.message).toContain('did you mean "version"?')
    // The typo explains the absence of `version`: no second problem repeats it.
    expect(problems).toHaveLength(1)
  })

  it.each([
    ['version: 1.0', 'version', 'got 1'],
    ['version: "1.0"', 'version', 'got "1.0"'],
    ['version: v1.0.0', 'version', 'semantic version'],
    ['version: 01.0.0', 'version', 'semantic version'],
  ])('rejects %s', (line, path, text) => {
    const { problems } = parseContract(`contract: t\n${line}\nfields: {}\n`)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({ code: 'RUNINK_CONTRACT_INVALID_VALUE', path, line: 2 })
    expect(problems[0]?.message).toContain(text)
  })

  it.each([
    ['contract: "trade validated"', 'contract', 'invalid contract name'],
    ['contract: a@b', 'contract', 'invalid contract name'],
    ['contract: ""', 'contract', 'non-empty string'],
    ['contract: [a]', 'contract', 'got a list'],
  ])('rejects the name in %s', (line, path, text) => {
    const { problems } = parseContract(`${line}\nversion: 1.0.0\nfields: {}\n`)
    expect(problems[0]).toMatchObject({ path, line: 1, column: 11 })
    expect(problems[0]?.message).toContain(text)
  })

  it('checks owner, description, classification and unknown_fields', () => {
    const { problems } = parseContract(
      'contract: t\nversion: 1.0.0\nowner: 3\ndescription: ""\nclassification: secret\nunknown_fields: rejct\nfields: []\n',
    )
    expect(problems.map((p) => [p.path, p.line])).toEqual([
      ['owner', 3],
      ['description', 4],
      ['classification', 5],
      ['unknown_fields', 6],
      ['fields', 7],
    ])
    expect(problems[2]?.hint).toBe('one of: public, internal, confidential, restricted')
    expect(problems[3]?.message).toContain('did you mean "reject"?')
  })

  it('points at the offending key or value in YAML and in JSON', () => {
    const yaml =
      'contract: t\nversion: 1.0.0\nfields:\n  price:\n    type: decimal\n    requried: true\n    min: "x"\n'
    expect(parseContract(yaml, 'c.yaml').problems.map(formatProblem)).toEqual([
      'c.yaml:6:5: fields.price: unknown key "requried" (did you mean "required"?)',
      'c.yaml:7:10: fields.price.min: expected a number, got "x"',
    ])
    const json = [
      '{',
      '  "contract": "t",',
      '  "version": "1.0.0",',
      '  "fields": {',
      '    "price": { "type": "decimal", "requried": true, "min": "x" }',
      '  }',
      '}',
    ].join('\n')
    expect(parseContract(json, 'c.json').problems.map(formatProblem)).toEqual([
      'c.json:5:35: fields.price: unknown key "requried" (did you mean "required"?)',
      'c.json:5:60: fields.price.min: expected a number, got "x"',
    ])
  })

  it('collects every problem of a file in one pass, in reading order', () => {
    const { problems } = parseContract(
      [
        'contract: t',
        'version: 1.0.0',
        'fields:',
        '  a: { type: strng }',
        '  b: { type: int, pattern: "x" }',
        '  c: { type: array }',
        '  d: { type: string, check: "value >" }',
      ].join('\n'),
    )
    expect(problems.map((p) => [p.line, p.path])).toEqual([
      [4, 'fields.a.type'],
      [5, 'fields.b.pattern'],
      [6, 'fields.c.items'],
      [7, 'fields.d.check'],
    ])
  })

  it('points at the key of an empty value', () => {
    const { problems } = parseContract(
      'contract: t\nversion: 1.0.0\nfields:\n  b:\n  c: { type: string, description: }\n',
    )
    expect(problems.map(formatProblem)).toEqual([
      '4:3: fields.b: expected a mapping, got an empty value',
      '5:22: fields.c.description: expected a non-empty string, got an empty value',
    ])
  })

  it('keeps awkward field names such as __proto__ as plain fields', () => {
    const { contract } = parseContract('contract: t\nversion: 1.0.0\nfields:\n  __proto__: int\n')
    expect(Object.keys(contract?.model.fields ?? {})).toEqual(['__proto__'])
    expect(contract?.model.fields.__proto__?.type).toBe('int')
  })

  it('rejects a self-referencing alias instead of looping', () => {
    const { problems } = parseContract('contract: t\nversion: 1.0.0\nfields: &f\n  a: *f\n')
    expect(problems.length).toBeGreaterThan(0)
  })

  it('follows aliases to shared field definitions', () => {
    const { contract, problems } = parseContract(
      'contract: t\nversion: 1.0.0\nfields:\n  a: &money { type: decimal, min: 0 }\n  b: *money\n',
    )
    expect(problems).toEqual([])
    expect(contract?.model.fields.b).toEqual(contract?.model.fields.a)
  })
})
