/** What kind of change one {@link ContractChange} is: a closed vocabulary. */
export const ChangeKind = {
  fieldAdded: 'field_added',
  fieldRemoved: 'field_removed',
  typeChanged: 'type_changed',
  constraintAdded: 'constraint_added',
  constraintRemoved: 'constraint_removed',
  constraintTightened: 'constraint_tightened',
  constraintLoosened: 'constraint_loosened',
  /** A pattern, format or check replaced by another: neither is known to contain the other. */
  constraintChanged: 'constraint_changed',
  enumValueAdded: 'enum_value_added',
  enumValueRemoved: 'enum_value_removed',
  /** pii, access, mask or join_key. */
  tagChanged: 'tag_changed',
  /** unknown_fields or classification. */
  policyChanged: 'policy_changed',
  /** description, owner or lineage: documentation only. */
  metadataChanged: 'metadata_changed',
  contractRenamed: 'contract_renamed',
} as const
export type ChangeKind = (typeof ChangeKind)[keyof typeof ChangeKind]

/** The version bump a set of changes calls for, or that a version change declares. */
export const Bump = { major: 'major', minor: 'minor', patch: 'patch', none: 'none' } as const
export type Bump = (typeof Bump)[keyof typeof Bump]

/** One semantic difference between two versions of a contract. */
export interface ContractChange {
  /** Model path of what changed, e.g. `fields.legs.items.fields.qty.min` (empty: the contract). */
  readonly path: string
  readonly kind: ChangeKind
  /** True when records or readers of the old version may no longer fit the new one. */
  readonly breaking: boolean
  readonly message: string
  readonly before?: unknown
  readonly after?: unknown
}

/** The outcome of comparing two contracts. */
export interface ContractDiff {
  /** Every change, in a stable order (fields by name, then by aspect). */
  readonly changes: readonly ContractChange[]
  /** True when any change is breaking. */
  readonly breaking: boolean
  /** The bump the changes call for: breaking → major, other non-metadata → minor, else patch. */
  readonly bump: Bump
  /**
   * The bump the version change declares; `downgrade` when the new version is lower, absent when
   * either version is not a semantic version.
   */
  readonly declaredBump?: Bump | 'downgrade'
  /** True when the declared bump is at least the bump the changes call for. */
  readonly versionOk: boolean
}

const RANK: Readonly<Record<Bump, number>> = { none: 0, patch: 1, minor: 2, major: 3 }

/** Orders bumps: negative when `a` is smaller than `b`. */
export function compareBumps(a: Bump, b: Bump): number {
  return RANK[a] - RANK[b]
}
