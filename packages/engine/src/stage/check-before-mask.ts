import {
  compileValidator,
  type Contract,
  type FieldSpec,
  type ValidationError,
} from '@runink/contracts'
import type { DataRecord } from '../connectors/index.js'
import type { BatchTransform } from './batch-transform.js'
import { withoutUnique } from './without-unique.js'

/** Routes a record found invalid before masking, with the errors its real values have. */
export type RejectBeforeMask = (record: DataRecord, errors: readonly ValidationError[]) => void

const masks = (spec: FieldSpec): boolean =>
  spec.mask !== undefined ||
  (spec.items !== undefined && masks(spec.items)) ||
  Object.values(spec.fields ?? {}).some(masks)

/**
 * Checks the fields `mask` is about to rewrite before it does, and rejects the records whose
 * values break their rules. After masking, `not-an-email` is a well-formed `hash:…` that the
 * contract accepts: checked only at the output, an invalid personal value would pass unseen.
 * Only the masked fields are checked (optional here: a missing value hides nothing), so steps
 * after `mask` may still add the rest of what the stage contract asks for. Rejected records go
 * through `reject` (which masks them for their dead-letter sink); the others go on to `mask`.
 */
export function checkBeforeMask(
  contract: Contract,
  reject: RejectBeforeMask,
  mask: BatchTransform,
): BatchTransform {
  const fields = Object.entries(contract.fields).filter(([, spec]) => masks(spec))
  if (fields.length === 0) return mask
  const masked: Contract = {
    ...contract,
    unknown_fields: 'keep',
    fields: Object.fromEntries(fields.map(([name, spec]) => [name, { ...spec, required: false }])),
  }
  const validator = compileValidator(withoutUnique(masked), { mode: 'strict' })
  return (input) =>
    mask(
      (async function* checked() {
        for await (const batch of input) {
          const ok: DataRecord[] = []
          for (const record of batch) {
            const r = validator.validate(record)
            if (r.valid) ok.push(record)
            else reject(record, r.errors)
          }
          if (ok.length > 0) yield ok
        }
      })(),
    )
}
