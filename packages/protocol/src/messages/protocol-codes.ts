import { codesOf, ErrorKind, type CodeTable } from '../codes/error-kind.js'

/**
 * The protocol's own codes and their kinds, in the form of the static code tables (to be
 * merged into CODE_TABLES by whoever owns src/codes/).
 */
export const PROTOCOL_CODE_KINDS = {
  /** A message that is not JSON, or whose version, type or fields break its schema. */
  RUNINK_PROTOCOL_MALFORMED: ErrorKind.failed,
} as const satisfies CodeTable

/** The protocol's error codes, as packages raise them. */
export const ProtocolCodes = codesOf(PROTOCOL_CODE_KINDS)
export type ProtocolCode = keyof typeof ProtocolCodes
