import type { Contract, FieldSpec } from '@runink/contracts'
import { sqlIdentifier } from './sql-names.js'

/**
 * The DuckDB type a contract field gets in an empty input table: what `read_json_auto` infers
 * for the same field's values when there are rows (decimals are JSON numbers, so DOUBLE),
 * arrays of scalars as lists, other nested values as JSON.
 */
export function duckdbTypeOf(spec: FieldSpec): string {
  switch (spec.type) {
    case 'string':
      return 'VARCHAR'
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
    case 'array': {
      const items = spec.items === undefined ? 'JSON' : duckdbTypeOf(spec.items)
      return items === 'JSON' ? 'JSON' : `${items}[]`
    }
    case 'json':
    case 'object':
      return 'JSON'
  }
}

/** `CREATE OR REPLACE TABLE` of `table` with one typed column per contract field, in order. */
export function contractTableSql(table: string, contract: Contract): string {
  const columns = Object.entries(contract.fields).map(
    ([name, spec]) => `${sqlIdentifier(name)} ${duckdbTypeOf(spec)}`,
  )
  return `CREATE OR REPLACE TABLE ${sqlIdentifier(table)} (${columns.join(', ')})`
}
