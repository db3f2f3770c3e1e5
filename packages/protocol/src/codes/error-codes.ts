import { CLI_CODE_KINDS } from './cli-codes.js'
import { CONTRACTS_CODE_KINDS } from './contracts-codes.js'
import { DSL_CODE_KINDS } from './dsl-codes.js'
import { ENGINE_CODE_KINDS } from './engine-codes.js'
import { ErrorKind, KIND_SURFACES, type CodeTable, type ErrorSurface } from './error-kind.js'
import { LIFECYCLE_CODE_KINDS } from './lifecycle-codes.js'
import { PROTOCOL_CODE_KINDS } from '../messages/protocol-codes.js'
import { SANDBOX_CODE_KINDS } from './sandbox-codes.js'
import { SERVER_CODE_KINDS } from './server-codes.js'
import { STORE_CODE_KINDS } from './store-codes.js'
import { SYNTH_CODE_KINDS } from './synth-codes.js'

/**
 * Every code table, by the package that owns it (`cli` is the `runi` app, `server` the control
 * plane), then by constant.
 */
export const CODE_TABLES = {
  contracts: CONTRACTS_CODE_KINDS,
  synth: SYNTH_CODE_KINDS,
  dsl: DSL_CODE_KINDS,
  lifecycle: LIFECYCLE_CODE_KINDS,
  store: STORE_CODE_KINDS,
  sandbox: SANDBOX_CODE_KINDS,
  engine: ENGINE_CODE_KINDS,
  cli: CLI_CODE_KINDS,
  server: SERVER_CODE_KINDS,
  // The protocol's own codes (malformed messages) live beside the messages that raise them.
  protocol: { ProtocolCodes: PROTOCOL_CODE_KINDS },
} as const satisfies Readonly<Record<string, Readonly<Record<string, CodeTable>>>>

type Tables = (typeof CODE_TABLES)[keyof typeof CODE_TABLES]
type GroupsOf<T> = T extends unknown ? T[keyof T] : never
type CodesOf<T> = T extends unknown ? keyof T : never

/** Every error code Runink raises. */
export type ErrorCode = CodesOf<GroupsOf<Tables>> & string

/** One code of the merged table, with where it comes from and how it surfaces. */
export interface ErrorCodeEntry extends ErrorSurface {
  readonly code: ErrorCode
  readonly kind: ErrorKind
  /** The package that raises it (`cli`: the `runi` app). */
  readonly owner: keyof typeof CODE_TABLES
  /** The constant of that package that names it (`SandboxCodes`). */
  readonly constant: string
}

const ENTRIES: readonly ErrorCodeEntry[] = Object.entries(CODE_TABLES)
  .flatMap(([owner, groups]) =>
    Object.entries(groups as Readonly<Record<string, CodeTable>>).flatMap(([constant, table]) =>
      Object.entries(table).map(([code, kind]) => ({
        code: code as ErrorCode,
        kind,
        owner: owner as keyof typeof CODE_TABLES,
        constant,
        ...KIND_SURFACES[kind],
      })),
    ),
  )
  .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))

/** The one table: every error code with its kind, merged from the packages' tables. */
export const ERROR_CODES: Readonly<Record<ErrorCode, ErrorKind>> = Object.fromEntries(
  ENTRIES.map((e) => [e.code, e.kind]),
) as Record<ErrorCode, ErrorKind>

/** The HTTP status and CLI exit code of an error code; unknown codes are internal (500, exit 1). */
export function surfaceOf(code: string): ErrorSurface {
  const kind = Object.hasOwn(ERROR_CODES, code)
    ? ERROR_CODES[code as ErrorCode]
    : ErrorKind.internal
  return KIND_SURFACES[kind]
}

/** Every error code with its kind, owner and surface, sorted by code: for documentation. */
export function listErrorCodes(): readonly ErrorCodeEntry[] {
  return ENTRIES
}
