import { Environment } from '@marcbachmann/cel-js'
import type { CelSchema } from './cel-schema-of.js'

/** The variables of a CEL expression: each a type name or an object schema. */
export type CelVariables = Readonly<Record<string, CelSchema>>

/**
 * Types that may be compared with `null` (`record.qty != null`): cel-js has no such overloads,
 * while at run time comparing any value with null is defined. Registering `T == null` also
 * registers `null == T` and both `!=`.
 */
const NULL_COMPARABLE = [
  'int',
  'uint',
  'double',
  'string',
  'bool',
  'bytes',
  'list',
  'map',
  'list<int>',
  'list<double>',
  'list<string>',
  'list<bool>',
]

/**
 * The environment CEL expressions are type-checked in: `vars` declared with their types (see
 * `celSchemaOfFields` for a contract's record), and comparisons with null allowed.
 */
export function celEnvironment(vars: CelVariables): Environment {
  const env = new Environment({ homogeneousAggregateLiterals: false })
  for (const t of NULL_COMPARABLE) env.registerOperator(`${t} == null: bool`, () => false)
  for (const [name, type] of Object.entries(vars)) {
    try {
      if (typeof type === 'string') env.registerVariable(name, type)
      else env.registerVariable({ name, schema: type as Record<string, string> })
    } catch {
      // A schema the CEL library cannot express (odd field names): check this variable loosely.
      if (!env.hasVariable(name)) env.registerVariable(name, 'dyn')
    }
  }
  return env
}
