import {
  barnReplySchema,
  barnRequestSchema,
  parseMessageLine,
  type BarnReply,
  type BarnRequest,
  type Parsed,
} from '@runink/protocol'

/** The longest request line taken: argv, cwd and environment fit easily. */
export const MAX_REQUEST_BYTES = 1024 * 1024

/**
 * Parses a request line (protocol's barnRequestSchema, version 1), or gives the ProtocolError
 * naming the field that refused it.
 */
export function parseBarnRequest(line: string): Parsed<BarnRequest> {
  return parseMessageLine(barnRequestSchema, line, 'barn request (runi → runi run)')
}

/** Parses a reply line (protocol's barnReplySchema, version 1), or gives the ProtocolError. */
export function parseBarnReply(line: string): Parsed<BarnReply> {
  return parseMessageLine(barnReplySchema, line, 'barn reply (runi run → runi)')
}
