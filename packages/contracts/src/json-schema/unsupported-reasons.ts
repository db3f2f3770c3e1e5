import type { FieldType } from '../model/index.js'
import type { Site } from './import-constraints.js'

const REASONS: Readonly<Record<string, string>> = {
  oneOf: 'a combinator: no contract equivalent',
  anyOf: 'a combinator: no contract equivalent',
  allOf: 'a combinator: no contract equivalent',
  not: 'a combinator: no contract equivalent',
  if: 'a conditional schema: no contract equivalent',
  then: 'a conditional schema: no contract equivalent',
  else: 'a conditional schema: no contract equivalent',
  dependentRequired: 'a conditional requirement: no contract equivalent',
  dependentSchemas: 'a conditional schema: no contract equivalent',
  patternProperties: 'members matched by pattern: no contract equivalent',
  propertyNames: 'rules on member names: no contract equivalent',
  unevaluatedProperties: 'no contract equivalent',
  unevaluatedItems: 'no contract equivalent',
  minProperties: 'member counts: no contract equivalent',
  maxProperties: 'member counts: no contract equivalent',
  prefixItems: 'tuples: no contract equivalent',
  contains: 'no contract equivalent',
  minContains: 'no contract equivalent',
  maxContains: 'no contract equivalent',
  uniqueItems: 'unique array elements: no contract equivalent (unique is per run)',
  multipleOf: 'no contract equivalent',
  $dynamicRef: 'dynamic references are not followed',
  $anchor: 'anchors are not followed',
  $id: 'nested schema identifiers are not kept',
  title: 'an annotation: not kept in the contract',
  default: 'an annotation: not kept in the contract',
  examples: 'an annotation: not kept in the contract',
  deprecated: 'an annotation: not kept in the contract',
  readOnly: 'an annotation: not kept in the contract',
  writeOnly: 'an annotation: not kept in the contract',
  $comment: 'an annotation: not kept in the contract',
  contentMediaType: 'an annotation: not kept in the contract',
  contentEncoding: 'an annotation: not kept in the contract',
}

// Keywords the import reads for some types; elsewhere JSON Schema ignores them and so do we.
const TYPED = new Set([
  'enum',
  'const',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'items',
  'properties',
  'required',
  'additionalProperties',
  'x-runink-min',
  'x-runink-max',
  'x-runink-format',
  'x-runink-type',
  'x-runink-unknown_fields',
])

function reasonFor(key: string, value: unknown, type: FieldType): string {
  const known = REASONS[key]
  if (known !== undefined) return known
  if (key === 'format') return `format ${JSON.stringify(value)} has no contract equivalent`
  if (TYPED.has(key)) return `does not apply to ${type} fields`
  if (key.startsWith('x-runink-')) return 'not a Runink keyword'
  return 'no contract equivalent'
}

/** Reports every keyword of the site's schema that the import did not read. */
export function reportLeftovers(site: Site, type: FieldType): void {
  for (const key of Object.keys(site.node))
    if (!site.used.has(key))
      site.ctx.unsupportedAt(site.path, key, reasonFor(key, site.node[key], type))
}
