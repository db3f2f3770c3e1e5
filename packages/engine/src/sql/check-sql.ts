import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import type { Contract, FieldType } from '@runink/contracts'
import { contractTableSql } from './contract-table.js'
import { sqlIdentifier } from './sql-names.js'

/** What a `sql` step reads: its tables, each typed by a contract. */
export interface CheckSqlOptions {
  /**
   * The tables the query sees, by name, with the contract of their records. Several tables
   * also get `input`, a view of their union by column name, as at run time.
   */
  readonly tables: Readonly<Record<string, Contract>>
  /** The contract the query's rows must fit, when known. */
  readonly output?: Contract
}

/** One problem of a query found before running it. */
export interface SqlProblem {
  /** `query`: DuckDB refuses it (syntax, unknown column or function, types); else the output. */
  readonly kind: 'query' | 'missing-column' | 'extra-column' | 'type'
  readonly severity: 'error' | 'warning'
  readonly message: string
  readonly hint?: string
}

/** DuckDB result types whose values fit a contract field type, by field type (prefixes). */
const INTEGERS = [
  'TINYINT',
  'SMALLINT',
  'INTEGER',
  'BIGINT',
  'HUGEINT',
  'UTINYINT',
  'USMALLINT',
  'UINTEGER',
  'UBIGINT',
  'UHUGEINT',
]
const TEXTUAL = ['VARCHAR', 'UUID', 'ENUM', 'DATE', 'TIME', 'TIMESTAMP']
const FITS: Readonly<Record<FieldType, readonly string[] | undefined>> = {
  string: TEXTUAL,
  int: [...INTEGERS, 'DECIMAL(', 'SQLNULL'],
  float: [...INTEGERS, 'FLOAT', 'DOUBLE', 'DECIMAL'],
  decimal: [...INTEGERS, 'FLOAT', 'DOUBLE', 'DECIMAL'],
  bool: ['BOOLEAN'],
  date: ['DATE', 'VARCHAR'],
  timestamp: ['TIMESTAMP', 'DATE', 'VARCHAR'],
  array: ['[]', 'LIST', 'JSON', 'ARRAY'],
  object: ['STRUCT', 'MAP', 'JSON'],
  json: undefined,
}

function fits(type: FieldType, duck: string): boolean {
  const accepted = FITS[type]
  if (accepted === undefined || duck === 'NULL' || duck === '"NULL"') return true
  if (type === 'int' && duck.startsWith('DECIMAL(')) return /,\s*0\)$/.test(duck)
  if (type === 'array') return accepted.some((a) => duck.includes(a))
  return accepted.some((a) => duck.startsWith(a))
}

/**
 * Prepares a `sql` step's query in DuckDB against EMPTY tables typed from the contracts, runs
 * it (no rows, no file or network access) and checks its result columns against `output`:
 * every required field present, no column the contract rejects, types that fit. Never
 * throws for a bad query: what DuckDB says is a problem.
 */
export async function checkSql(query: string, options: CheckSqlOptions): Promise<SqlProblem[]> {
  const dir = await mkdtemp(join(tmpdir(), 'runink-sql-check-'))
  const instance = await DuckDBInstance.create(':memory:', {
    temp_directory: join(dir, 'spill'),
    autoinstall_known_extensions: 'false',
    threads: '1',
  })
  const connection = await instance.connect()
  try {
    const names = Object.keys(options.tables)
    for (const [name, contract] of Object.entries(options.tables))
      await connection.run(contractTableSql(name, contract))
    if (names.length > 1 && !names.includes('input'))
      await connection.run(
        `CREATE VIEW input AS ${names.map((n) => `SELECT * FROM ${sqlIdentifier(n)}`).join(' UNION ALL BY NAME ')}`,
      )
    await connection.run('SET enable_external_access = false; SET lock_configuration = true')
    let columns: Array<[string, string]>
    try {
      const result = await connection.run(query)
      const types = result.columnTypes()
      columns = result.columnNames().map((n, i) => [n, String(types[i])])
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''
      return [
        {
          kind: 'query',
          severity: 'error',
          message,
          hint: `the query sees ${names
            .map((n) => `${n} (${Object.keys(options.tables[n]?.fields ?? {}).join(', ')})`)
            .join('; ')}${names.length > 1 ? '; input: their union' : ''}`,
        },
      ]
    }
    return options.output === undefined ? [] : compare(columns, options.output)
  } finally {
    connection.closeSync()
    instance.closeSync()
    await rm(dir, { recursive: true, force: true })
  }
}

function compare(columns: ReadonlyArray<[string, string]>, out: Contract): SqlProblem[] {
  const problems: SqlProblem[] = []
  const have = new Map(columns)
  for (const [name, spec] of Object.entries(out.fields)) {
    const type = have.get(name)
    if (type === undefined) {
      if (spec.required)
        problems.push({
          kind: 'missing-column',
          severity: 'error',
          message: `the query returns no column ${name}, which contract ${out.contract} requires`,
          hint: `it returns: ${columns.map(([n]) => n).join(', ')}`,
        })
    } else if (!fits(spec.type, type))
      problems.push({
        kind: 'type',
        severity: type === 'VARCHAR' ? 'warning' : 'error',
        message: `column ${name} is ${type}, but field ${name} of contract ${out.contract} is ${spec.type}`,
        hint: `cast it in the query: CAST(… AS ${castTarget(spec.type)}) AS ${name}`,
      })
  }
  if (out.unknown_fields === 'reject')
    for (const [name] of columns)
      if (out.fields[name] === undefined)
        problems.push({
          kind: 'extra-column',
          severity: 'error',
          message: `the query returns column ${name}, which contract ${out.contract} does not have (unknown_fields: reject)`,
          hint: `fields: ${Object.keys(out.fields).join(', ')}`,
        })
  return problems
}

function castTarget(type: FieldType): string {
  switch (type) {
    case 'int':
      return 'BIGINT'
    case 'float':
    case 'decimal':
      return 'DOUBLE'
    case 'bool':
      return 'BOOLEAN'
    case 'date':
      return 'DATE'
    case 'timestamp':
      return 'TIMESTAMP'
    default:
      return 'VARCHAR'
  }
}
