import { hmacSha256Hex, RuninkError } from '@runink/core'
import type { Contract, FieldSpec } from '../model/index.js'
import { MaskCodes } from './mask-codes.js'
import { maskValue, type HmacSha256Hex, type MaskKeys } from './mask-value.js'
import { copyRecord, isPlainObject, setOwn } from '../safe-object.js'
import type { TokenVault } from './token-vault.js'

/** Options of {@link createMasker}. */
export interface MaskerOptions {
  /** The herd's hash key: hashes are stable under one key and differ across keys. */
  readonly hashKey: string | Uint8Array
  /** Where tokens live; required when the contract tokenizes a field. */
  readonly vault?: TokenVault
  /**
   * Hex HMAC-SHA256 of UTF-8 `data` under `key`, for hosts with a native one (this package
   * stays pure); must equal `hmacSha256Hex` from `@runink/core`, the default.
   */
  readonly hmac?: HmacSha256Hex
}

/** Applies a contract's `mask` tags to records. */
export interface Masker {
  /** A masked copy of `record`; the input is never changed. Undeclared members pass through. */
  mask(record: Readonly<Record<string, unknown>>): Record<string, unknown>
}

type Transform = (value: unknown) => unknown
type MemberPlan = readonly (readonly [name: string, transform: Transform])[]

/** Masks the members that need it in a copy of `record`. */
function applyPlan(record: Readonly<Record<string, unknown>>, plan: MemberPlan) {
  const out = copyRecord(record)
  for (const [name, transform] of plan)
    if (Object.hasOwn(record, name)) setOwn(out, name, transform(record[name]))
  return out
}

/** Plans the masking of members; empty when none of them masks anything. */
function planMembers(fields: Readonly<Record<string, FieldSpec>>, path: string, keys: MaskKeys) {
  const plan: [string, Transform][] = []
  for (const [name, spec] of Object.entries(fields)) {
    const t = planField(spec, path === '' ? name : `${path}.${name}`, keys)
    if (t !== undefined) plan.push([name, t])
  }
  return plan
}

/** The masking of one field's values, or undefined when nothing in it is masked. */
function planField(spec: FieldSpec, path: string, keys: MaskKeys): Transform | undefined {
  const kind = spec.mask
  if (kind !== undefined) return (v) => maskValue(kind, v, path, keys)
  if (spec.type === 'object' && spec.fields !== undefined) {
    const plan = planMembers(spec.fields, path, keys)
    if (plan.length === 0) return undefined
    return (v) => (isPlainObject(v) ? applyPlan(v, plan) : v)
  }
  if (spec.type === 'array' && spec.items !== undefined) {
    const item = planField(spec.items, `${path}[]`, keys)
    if (item === undefined) return undefined
    return (v) => (Array.isArray(v) ? v.map((x: unknown) => item(x)) : v)
  }
  return undefined
}

function tokenizes(spec: FieldSpec): boolean {
  if (spec.mask === 'tokenize') return true
  if (spec.items !== undefined && tokenizes(spec.items)) return true
  return Object.values(spec.fields ?? {}).some(tokenizes)
}

/**
 * A masker for records of `contract`: `redact` → `[REDACTED]`, `hash` → `hash:` + HMAC-SHA256
 * of the value's canonical text under `hashKey`, `tokenize` → `tok:` + the vault's token. Tags
 * apply at any depth; tokens are scoped by field path (`legs[].account`). Throws at once when a
 * tokenized field has no vault or the key is empty, rather than on the first such record.
 */
export function createMasker(contract: Contract, options: MaskerOptions): Masker {
  const { hashKey, vault, hmac = hmacSha256Hex } = options
  if (hashKey.length === 0)
    throw new RuninkError(MaskCodes.RUNINK_MASK_NO_KEY, 'the hash key is empty')
  if (vault === undefined) {
    const field = Object.keys(contract.fields).find((name) =>
      tokenizes(contract.fields[name] as FieldSpec),
    )
    if (field !== undefined)
      throw new RuninkError(
        MaskCodes.RUNINK_MASK_NO_VAULT,
        `contract ${contract.contract} tokenizes ${field} (or a member of it) but no token vault was given`,
        { details: { contract: contract.contract, field } },
      )
  }
  const keys: MaskKeys = vault === undefined ? { hashKey, hmac } : { hashKey, hmac, vault }
  const plan = planMembers(contract.fields, '', keys)
  return { mask: (record) => applyPlan(record, plan) }
}
