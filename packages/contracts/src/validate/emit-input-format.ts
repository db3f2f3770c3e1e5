import { RuninkError } from '@runink/core'
import type { FieldSpec } from '../model/index.js'
import type { CodeBuilder, Site } from './code-builder.js'
import { compileInputFormat } from './input-format.js'
import { ValidateCodes } from './validate-codes.js'

/**
 * Coerce-mode code that reads text in the field's `input_format` into its ISO form. Text the
 * pattern does not read sets `bad` (declared here), so the type check reports it with the
 * pattern, even when it happens to be ISO: a field with a format takes that format only.
 */
export function emitInputFormat(
  b: CodeBuilder,
  spec: FieldSpec,
  v: string,
  site: Site,
  bad: string,
): string {
  const pattern = spec.input_format!
  const format =
    spec.type === 'date' || spec.type === 'timestamp'
      ? compileInputFormat(pattern, spec.type)
      : `input_format applies to date and timestamp fields, not ${spec.type}`
  if (typeof format === 'string') {
    const path = site.path.map((s) => ('key' in s ? s.key : '[]')).join('.')
    throw new RuninkError(
      ValidateCodes.RUNINK_VALIDATE_CONTRACT_INVALID,
      `${path}: input_format "${pattern}": ${format}`,
      { details: { path, rule: 'type' } },
    )
  }
  const parse = b.constant(format.parse)
  const c = b.variable('c')
  return `let ${bad} = false; if (typeof ${v} === 'string') { const ${c} = ${parse}(${v}); if (${c} === undefined) ${bad} = true; else ${v} = ${c} }\n`
}
