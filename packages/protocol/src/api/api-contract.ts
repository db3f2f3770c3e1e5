import { z } from 'zod'

/** A contract's name as a path segment (a contract file's `contract:`). */
export const contractNameSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(
    /^[A-Za-z_][A-Za-z0-9_.-]*$/,
    'a contract name: a letter or _, then letters, digits, _ . -',
  )

/** A contract's content hash, as `runi contract hash` prints it. */
export const contractHashSchema = z
  .string()
  .regex(/^sha256:[0-9a-f]{64}$/, 'a contract hash: sha256: and 64 hex digits')

/** A contract a herd registered, as the API lists it: which document, and when it came. */
export const apiContractSchema = z.object({
  name: z.string(),
  version: z.string(),
  hash: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
})
export type ApiContract = z.output<typeof apiContractSchema>

/** A contract name of a herd: how many documents it has and the highest version's. */
export const apiContractNameSchema = z.object({
  name: z.string(),
  versions: z.number().int(),
  latest: apiContractSchema,
})
export type ApiContractName = z.output<typeof apiContractNameSchema>

/**
 * A contract with its document: the normalised contract (`contract`, `version`, `fields`… with
 * every flag filled in), whose canonical JSON hashes to `hash`.
 */
export const apiContractDocumentSchema = apiContractSchema.extend({
  document: z.record(z.string(), z.unknown()),
})
export type ApiContractDocument = z.output<typeof apiContractDocumentSchema>
