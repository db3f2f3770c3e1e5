import { celSchemaOf, type FieldSpec, type LoadedContract } from '@runink/contracts'
import type { StringValue } from '../syntax/ast.js'
import type { Reporter } from '../diagnostics/reporter.js'

/** The CEL types a contract field accepts without loss, by the field's CEL type. */
const ACCEPTS: Readonly<Record<string, readonly string[]>> = {
  int: ['int', 'uint'],
  double: ['double', 'int', 'uint'],
  string: ['string'],
  bool: ['bool'],
}

/**
 * A `derive` result must fit the stage contract's field of that name: a `string` derived into
 * an `int` field makes every record invalid. Reports `RUNINK_DSL_DERIVE_TYPE`: an error, or a
 * warning where some values may still pass (a `double` into an `int` field; text, which coerce
 * mode may parse). Results
 * typed `dyn` and fields of list, object or json type are left to the validator.
 */
export function checkDeriveType(
  name: string,
  derived: string,
  field: FieldSpec,
  contract: LoadedContract,
  expr: StringValue,
  report: Reporter,
): void {
  const want = celSchemaOf(field)
  if (field.type === 'date' || field.type === 'timestamp') return
  if (typeof want !== 'string' || derived === 'dyn' || derived === 'null') return
  const accepts = ACCEPTS[want]
  if (accepts === undefined || accepts.includes(derived)) return
  const lossy = want === 'int' && derived === 'double'
  // A text result may still parse where the stage validates in coerce mode (CSV sources).
  const maybe = lossy || derived === 'string'
  const why = lossy
    ? ': only whole numbers will be valid'
    : derived === 'string'
      ? ': valid only where the stage validates in coerce mode and the text parses'
      : ''
  report.report(
    maybe ? 'warning' : 'error',
    'RUNINK_DSL_DERIVE_TYPE',
    expr.span,
    `derive ${name}: the expression is a ${derived}, but field ${name} of contract ${contract.model.contract} is ${field.type}${why}`,
    lossy
      ? `round it: int(${expr.value})`
      : `convert it, e.g. ${want}(${expr.value}), or change the field's type`,
  )
}
