import { describe, expect, it } from 'vitest'
import { compileFeature } from '../compile-feature.js'
import { memorySourceFs } from '../memory-source-fs.js'
import { compileFixture, GOOD_DSL, PROJECT } from '../testing/feature-fixture.js'
import type { Diagnostic } from './diagnostic.js'
import { DslCodes, type DslCode } from './dsl-codes.js'
import { formatDiagnostic } from './format-diagnostic.js'
import { LineIndex } from './line-index.js'

/** One golden case: a small bad feature file and the diagnostic it must produce. */
interface Golden {
  readonly code: DslCode
  /** Edits applied to GOOD_DSL, or a whole file. */
  readonly dsl: string | ReadonlyArray<readonly [string, string]>
  readonly message: string
  /** The diagnostic starts at the first occurrence of this text (in `file`). */
  readonly at?: string
  readonly hint?: string
  readonly file?: string
  readonly extra?: Readonly<Record<string, string>>
  readonly severity?: 'error' | 'warning'
  readonly strict?: boolean
  readonly sourcesMustExist?: boolean
}

const edit = (pairs: ReadonlyArray<readonly [string, string]>): string =>
  pairs.reduce((text, [from, to]) => {
    if (!text.includes(from)) throw new Error(`fixture has no ${from}`)
    return text.replace(from, to)
  }, GOOD_DSL)

const GOLDEN: readonly Golden[] = [
  {
    code: 'RUNINK_DSL_UNTERMINATED_STRING',
    dsl: [['@sink("dataset://silver.trades")', '@sink("dataset://silver.trades)']],
    message: 'unterminated string',
    at: '"dataset://silver.trades)',
  },
  {
    code: 'RUNINK_DSL_UNEXPECTED_TOKEN',
    dsl: [['@step("mask")', '@step("mask" ; )']],
    message: 'unexpected ";": expected a value',
    at: ';',
  },
  {
    code: 'RUNINK_DSL_UNCLOSED_PAREN',
    dsl: [['@step("mask")', '@step("mask"']],
    message: '"(" of @step is never closed',
    at: '@step("mask"',
    hint: 'add ")"',
  },
  {
    code: 'RUNINK_DSL_TOO_DEEP',
    dsl: [['@step("mask")', `@step("mask" ${'@a('.repeat(15)}@deep()${')'.repeat(16)}`]],
    message: '@deep is nested 17 annotations deep; at most 16',
    at: '@deep',
  },
  {
    code: 'RUNINK_DSL_TOO_MANY_PROBLEMS',
    dsl: GOOD_DSL + '@'.repeat(5000),
    message: 'problems; the first 1000 are shown',
  },
  {
    code: 'RUNINK_DSL_FILE_TOO_LARGE',
    dsl: GOOD_DSL + '#'.repeat(1024 * 1024),
    message: 'characters; at most 1048576 (1 MiB) are compiled',
  },
  {
    code: 'RUNINK_DSL_UNKNOWN_KEYWORD',
    dsl: [['Scenario: Silver', 'Scenaro: Silver']],
    message: '"Scenaro:" is not a keyword',
    at: 'Scenaro',
    hint: 'did you mean "Scenario:"?',
  },
  {
    code: 'RUNINK_DSL_DUPLICATE_FEATURE',
    dsl: [['Scenario: Silver', 'Feature: Again\n\nScenario: Silver']],
    message: 'a file holds one Feature',
    at: 'Feature: Again',
  },
  {
    code: 'RUNINK_DSL_NO_SCENARIO',
    dsl: '@feature(name="x")\nFeature: Nothing yet\n',
    message: 'the file has no Scenario',
    at: 'Nothing yet',
  },
  {
    code: 'RUNINK_DSL_DUPLICATE_SCENARIO',
    dsl: [['Scenario: Silver', 'Scenario: Bronze']],
    message: 'scenario "Bronze" is defined twice',
    at: 'Bronze\n  @source("dataset',
  },
  {
    code: 'RUNINK_DSL_UNKNOWN_SCENARIO',
    dsl: [['@emits("trades.silver")', '@after("Bronz")']],
    message: '@after names no scenario "Bronz"',
    at: '"Bronz"',
    hint: 'did you mean "Bronze"?',
  },
  {
    code: 'RUNINK_DSL_UNKNOWN_ANNOTATION',
    dsl: [['@emits("trades.silver")', '@emit("trades.silver")']],
    message: 'unknown annotation @emit',
    at: '@emit(',
    hint: 'did you mean "emits"?',
  },
  {
    code: 'RUNINK_DSL_MISPLACED_ANNOTATION',
    dsl: [['@step("mask")', '@contract(path="contracts/")']],
    message: '@contract belongs at the top of the file',
    at: '@contract(path="contracts/")\n  @sink',
  },
  {
    code: 'RUNINK_DSL_DUPLICATE_ANNOTATION',
    dsl: [['@emits("trades.silver")', '@cache(false)\n  @cache(true)']],
    message: '@cache may appear once per scenario',
    at: '@cache(true)',
  },
  {
    code: 'RUNINK_DSL_MISSING_ARGUMENT',
    dsl: [['@source("dataset://bronze.trades")', '@source()']],
    message: '@source needs a URI',
    at: '@source()',
  },
  {
    code: 'RUNINK_DSL_UNKNOWN_ARGUMENT',
    dsl: [['cpu="500m"', 'cpus="500m"']],
    message: '@requires has no argument "cpus"',
    at: 'cpus',
    hint: 'did you mean "cpu"?',
  },
  {
    code: 'RUNINK_DSL_BAD_ARGUMENT',
    dsl: [['@emits("trades.silver")', '@cache(maybe)']],
    message: '@cache takes true or false',
    at: 'maybe',
  },
  {
    code: 'RUNINK_DSL_CONFLICTING_ANNOTATIONS',
    dsl: [['@emits("trades.silver")', '@parallel(2)\n  @partition(by="id", n=2)']],
    message: '@parallel and @partition exclude each other',
    at: '@parallel(2)',
  },
  {
    code: 'RUNINK_DSL_BAD_VERSION',
    dsl: [['version="1.0.0"', 'version="1.0"']],
    message: '"1.0" is not a semantic version',
    at: '"1.0"',
  },
  {
    code: 'RUNINK_DSL_BAD_HERD',
    dsl: [['herd="finance"', 'herd="Finance"']],
    message: '"Finance" is not a herd name',
    at: '"Finance"',
  },
  {
    code: 'RUNINK_DSL_BAD_URI',
    dsl: [['"csv://data/trades.csv"', '"data/trades.csv"']],
    message: '"data/trades.csv" is not a URI',
    at: '"data/trades.csv"',
    hint: 'scheme://location',
  },
  {
    code: 'RUNINK_DSL_UNKNOWN_SCHEME',
    dsl: [['"csv://data/trades.csv"', '"csvv://data/trades.csv"']],
    message: 'unknown URI scheme "csvv"',
    at: '"csvv://',
    hint: 'did you mean "csv"?',
  },
  {
    code: 'RUNINK_DSL_PATH_OUTSIDE_PROJECT',
    dsl: [['"jsonl://out/dlq/bronze.jsonl"', '"jsonl://../leak.jsonl"']],
    message:
      "jsonl://../leak.jsonl: this path leads outside the feature file's folder, to /leak.jsonl",
    at: '@sink("jsonl://../leak.jsonl"',
    hint: 'runi herd path allow finance / --write',
  },
  {
    code: 'RUNINK_DSL_PATH_IN_BARN',
    dsl: [['"csv://data/trades.csv"', '"csv://.runink/keys/finance.key"']],
    message: 'csv://.runink/keys/finance.key: a source inside a Barn (.runink/)',
    at: '@source("csv://.runink/keys/finance.key"',
  },
  {
    code: 'RUNINK_DSL_BAD_RESOURCE',
    dsl: [['memory="256Mi"', 'memory="256MB"']],
    message: 'memory "256MB" does not parse',
    at: '"256MB"',
    hint: '256Mi',
  },
  {
    code: 'RUNINK_DSL_BAD_DURATION',
    dsl: [['initial="1s"', 'initial="soon"']],
    message: 'initial "soon" is not a duration',
    at: '"soon"',
  },
  {
    code: 'RUNINK_DSL_BAD_WINDOW',
    dsl: [
      [
        '@source("dataset://bronze.trades")',
        '@source("dataset://bronze.trades" @window(sliding:10m))',
      ],
    ],
    message: 'a sliding window needs every:',
    at: '@window',
  },
  {
    code: 'RUNINK_DSL_NO_SOURCE',
    dsl: [['@source("dataset://bronze.trades")\n', '']],
    message: 'scenario "Silver" has no @source',
    at: 'Silver',
  },
  {
    code: 'RUNINK_DSL_NO_SINK',
    dsl: [
      [
        '@sink("dataset://bronze.trades")\n  @sink("jsonl://out/dlq/bronze.jsonl" when "!record.valid")\n',
        '',
      ],
    ],
    message: 'scenario "Bronze" has no @sink',
    at: 'Bronze',
  },
  {
    code: 'RUNINK_DSL_DUPLICATE_SINK',
    dsl: [['@sink("dataset://silver.trades")', '@sink("dataset://bronze.trades")']],
    message: 'dataset://bronze.trades is already written by "Bronze"',
    at: '@sink("dataset://bronze.trades")\n  @sink("jsonl://out/silver',
  },
  {
    code: 'RUNINK_DSL_NO_CONTRACT',
    dsl: [['  Given the contract: trade\n', '']],
    message: 'scenario "Bronze" names no contract',
    at: 'Bronze',
    hint: 'Given the contract: <name>',
  },
  {
    code: 'RUNINK_DSL_CONTRACT_PATH_NOT_FOUND',
    dsl: [['"contracts/"', '"contract/"']],
    message: 'no contract file or folder at contract/',
    at: '"contract/"',
  },
  {
    code: 'RUNINK_DSL_CONTRACT_INVALID',
    dsl: GOOD_DSL,
    extra: {
      '/p/contracts/bad.yaml': 'contract: bad\nversion: 1.0.0\nfields:\n  x: { type: strng }\n',
    },
    file: '/p/contracts/bad.yaml',
    message: 'fields.x.type',
    at: 'strng',
  },
  {
    code: 'RUNINK_DSL_UNKNOWN_CONTRACT',
    dsl: [['the contract: trade_validated', 'the contract: trade_validatd']],
    message: 'unknown contract "trade_validatd"',
    at: 'trade_validatd',
    hint: 'did you mean trade_validated?',
  },
  {
    code: 'RUNINK_DSL_CONTRACT_MISMATCH',
    dsl: [['@step("Enrich")', '@step("Decode")']],
    message:
      'step Decode input: records of trade@1.0.0 do not fit trade_raw@1.0.0: price is decimal in trade@1.0.0 but string in trade_raw@1.0.0',
    at: '"Decode")\n  @step("mask")',
  },
  {
    code: 'RUNINK_DSL_STEP_MODULE_NOT_FOUND',
    dsl: [['"steps/trades.ts"', '"steps/trade.ts"']],
    message: 'no step module at steps/trade.ts',
    at: '"steps/trade.ts"',
  },
  {
    code: 'RUNINK_DSL_STEP_MODULE_INVALID',
    dsl: [
      [
        '@steps(path="steps/trades.ts")',
        '@steps(path="steps/trades.ts")\n@steps(path="steps/broken.js")',
      ],
    ],
    extra: { '/p/steps/broken.js': 'export const X = defineStep({ in: contractName })\n' },
    file: '/p/steps/broken.js',
    message: 'step X: "in" must be a string literal',
    at: 'defineStep',
  },
  {
    code: 'RUNINK_DSL_UNKNOWN_STEP',
    dsl: [['@step("Enrich")', '@step("Enrih")']],
    message: 'unknown step "Enrih"',
    at: '"Enrih"',
    hint: 'did you mean Enrich?',
  },
  {
    code: 'RUNINK_DSL_DUPLICATE_STEP',
    dsl: [
      [
        '@steps(path="steps/trades.ts")',
        '@steps(path="steps/trades.ts")\n@steps(path="steps/more.ts")',
      ],
    ],
    extra: { '/p/steps/more.ts': 'export const Decode = defineStep({ map: (r: unknown) => r })\n' },
    message: 'step Decode of steps/more.ts is already exported by steps/trades.ts',
    at: '"steps/more.ts"',
  },
  {
    code: 'RUNINK_DSL_BAD_STEP_PARAM',
    dsl: [['@step("mask")', '@step("cast", price="money")']],
    message: 'cast: "money" is not a type (casting price)',
    at: 'price="money"',
  },
  {
    code: 'RUNINK_DSL_CEL_SYNTAX',
    dsl: [['when "!record.valid")\n  @requires', 'when "!record.valid &&")\n  @requires']],
    message: 'when of jsonl://out/dlq/silver.jsonl:',
    at: '")\n  @requires',
  },
  {
    code: 'RUNINK_DSL_CEL_TYPE',
    dsl: [['@assert("invalid.ratio < 0.05 && records.out > 0")', '@assert("records.out")']],
    message: '@assert must be a bool, but it is a int',
    at: '"records.out"',
  },
  {
    code: 'RUNINK_DSL_UNKNOWN_FIELD',
    dsl: [['record.price > 0.0', 'record.pricee > 0.0']],
    message: 'filter: record.pricee is not a field of contract trade',
    at: 'pricee',
    hint: 'did you mean price?',
  },
  {
    code: 'RUNINK_DSL_CYCLE',
    dsl: [['@module(layer="bronze")', '@after("Silver")']],
    message: 'the stages form a cycle: Bronze → Silver → Bronze',
    at: 'Bronze',
  },
  {
    code: 'RUNINK_DSL_UNROUTED_INVALID',
    dsl: [['  @sink("jsonl://out/dlq/bronze.jsonl" when "!record.valid")\n', '']],
    message: 'invalid records of "Bronze" have nowhere to go',
    at: 'Bronze',
    severity: 'warning',
    hint: 'when "!record.valid"',
  },
  {
    code: 'RUNINK_DSL_UNROUTED_INVALID',
    dsl: [
      [
        '  @sink("jsonl://out/dlq/bronze.jsonl" when "!record.valid")\n',
        '  @sink("jsonl://out/dlq/bronze.jsonl" when "record.valid && record.id != \'\'")\n',
      ],
    ],
    message: 'invalid records of "Bronze" have nowhere to go',
    at: 'Bronze',
    strict: true,
  },
  {
    code: 'RUNINK_DSL_NOT_ENFORCED',
    dsl: [['@emits("trades.silver")', '@golden("golden/")']],
    message: '@golden is not enforced: golden files are not compared',
    at: '@golden("golden/")',
    hint: 'runi check --strict makes this an error',
    severity: 'warning',
  },
  {
    code: 'RUNINK_DSL_NOT_ENFORCED',
    dsl: [['"dataset://silver.trades"', '"s3://bucket/silver/trades"']],
    message: 's3:// is not enforced: no connector for this scheme yet',
    at: '@sink("s3://bucket/silver/trades"',
    strict: true,
  },
  {
    code: 'RUNINK_DSL_CEL_NULLABLE',
    dsl: [['"record.price > 0.0"', '"record.qty > 1"']],
    message: 'filter: record.qty may be null',
    at: 'record.qty > 1',
    hint: 'guard with record.qty != null && …',
    severity: 'warning',
  },
  {
    code: 'RUNINK_DSL_DERIVE_TYPE',
    dsl: [['@step("mask")', '@step("mask")\n  @step("derive", status="record.price > 1.0")']],
    message:
      'derive status: the expression is a bool, but field status of contract trade_validated is string',
    at: '"record.price > 1.0"',
    hint: 'string(record.price > 1.0)',
  },
  {
    code: 'RUNINK_DSL_SOURCE_MISSING',
    dsl: [['"csv://data/trades.csv"', '"csv://data/trade.csv"']],
    extra: { '/p/data/trades.csv': 'id,price\n' },
    message: 'csv://data/trade.csv: no such file /p/data/trade.csv',
    at: '@source("csv://data/trade.csv"',
    hint: 'did you mean trades.csv?',
    sourcesMustExist: true,
  },
]

function expectedPosition(text: string, at: string): { line: number; column: number } {
  const offset = text.indexOf(at)
  if (offset < 0) throw new Error(`"${at}" is not in the file`)
  return new LineIndex(text).position(offset)
}

describe('diagnostic codes (golden)', () => {
  for (const g of GOLDEN) {
    it(`${g.code}${g.strict === true ? ' (strict)' : ''}${g.severity === 'warning' ? ' (warning)' : ''}`, async () => {
      const dsl = typeof g.dsl === 'string' ? g.dsl : edit(g.dsl)
      const r = await compileFixture(dsl, g.extra, {
        strict: g.strict === true,
        sourcesMustExist: g.sourcesMustExist === true,
      })
      const d =
        r.diagnostics.find((x) => x.code === g.code && x.message.includes(g.message)) ??
        r.diagnostics.find((x) => x.code === g.code)
      expect(d, JSON.stringify(r.diagnostics, null, 1)).toBeDefined()
      const found = d as Diagnostic
      expect(found.message).toContain(g.message)
      expect(found.severity).toBe(g.severity ?? 'error')
      const file = g.file ?? '/p/f.dsl'
      expect(found.file).toBe(file)
      if (g.at !== undefined) {
        const text = file === '/p/f.dsl' ? dsl : (g.extra?.[file] ?? PROJECT[file] ?? '')
        expect({ line: found.line, column: found.column }).toEqual(expectedPosition(text, g.at))
      }
      if (g.hint !== undefined) expect(found.hint).toContain(g.hint)
      if (found.severity === 'error') expect(r.plan).toBeUndefined()
    })
  }

  it('RUNINK_DSL_FILE_UNREADABLE', async () => {
    const r = await compileFeature('/p/none.dsl', memorySourceFs(PROJECT))
    expect(r.diagnostics).toEqual([
      {
        code: 'RUNINK_DSL_FILE_UNREADABLE',
        severity: 'error',
        message: expect.stringContaining('cannot read /p/none.dsl'),
        file: '/p/none.dsl',
      },
    ])
  })

  it('every code but the internal-error one has a golden case', () => {
    const covered = new Set<string>([...GOLDEN.map((g) => g.code), 'RUNINK_DSL_FILE_UNREADABLE'])
    // Reported by `runi check` from outside the compiler: tested in apps/cli/src/commands/check*.test.ts.
    const cli = ['RUNINK_DSL_UNKNOWN_DATASET', 'RUNINK_DSL_NO_BARN', 'RUNINK_DSL_SQL']
    expect(Object.keys(DslCodes).filter((c) => !covered.has(c) && !cli.includes(c))).toEqual([
      'RUNINK_DSL_INTERNAL',
    ])
  })

  it('formats a diagnostic with the source line and a caret under the span', async () => {
    const dsl = edit([['record.price > 0.0', 'record.pricee > 0.0']])
    const r = await compileFixture(dsl)
    const d = r.diagnostics.find((x) => x.code === 'RUNINK_DSL_UNKNOWN_FIELD') as Diagnostic
    expect(formatDiagnostic(d, r.sources.get(d.file))).toBe(
      [
        `/p/f.dsl:${d.line}:27: error RUNINK_DSL_UNKNOWN_FIELD: filter: record.pricee is not a field of contract trade`,
        `${d.line} |   @step("filter", "record.pricee > 0.0")`,
        `${' '.repeat(String(d.line).length)} | ${' '.repeat(26)}^^^^^^`,
        '  hint: did you mean price?',
      ].join('\n'),
    )
    expect(formatDiagnostic(d, r.sources.get(d.file), { color: true })).toContain(
      '\u001b[31;1merror\u001b[0m',
    )
  })
})
