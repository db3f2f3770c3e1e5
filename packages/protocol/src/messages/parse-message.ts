import { RuninkError } from '@runink/core'
import type { z } from 'zod'
import { ProtocolCodes } from './protocol-codes.js'

/** What {@link ProtocolError} carries: where the message crossed and what in it was wrong. */
export type ProtocolErrorDetails = {
  /** The boundary: `slice host ← job`, `supervisor → host`, …. */
  readonly where: string
  /** The path of the offending field (`report.sinks[0].records`); empty for the whole message. */
  readonly field: string
  readonly problem: string
}

/** A message refused at a boundary: RUNINK_PROTOCOL_MALFORMED, naming the field. */
export class ProtocolError extends RuninkError {
  declare readonly details: ProtocolErrorDetails

  constructor(details: ProtocolErrorDetails) {
    const what = details.field === '' ? details.problem : `${details.field}: ${details.problem}`
    super(ProtocolCodes.RUNINK_PROTOCOL_MALFORMED, `${details.where}: malformed message: ${what}`, {
      details,
    })
    this.name = 'ProtocolError'
  }
}

/** A parsed message, or the typed error that refused it. */
export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ProtocolError }

/** The path of a schema issue as people write it: `sinks[0].records`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i === 0 ? '' : '.'}${String(k)}`))
    .join('')
}

/**
 * Checks a message received at a boundary against its schema: the typed value, or a
 * ProtocolError whose message names the boundary (`where`) and the offending field.
 */
export function parseMessage<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: string,
): Parsed<z.output<S>> {
  const parsed = schema.safeParse(value)
  if (parsed.success) return { ok: true, value: parsed.data }
  const issue = parsed.error.issues[0]
  return {
    ok: false,
    error: new ProtocolError({
      where,
      field: issue === undefined ? '' : fieldPath(issue.path),
      problem: issue?.message ?? 'does not match its schema',
    }),
  }
}

/** {@link parseMessage} for one line of JSON text. */
export function parseMessageLine<S extends z.ZodType>(
  schema: S,
  line: string,
  where: string,
): Parsed<z.output<S>> {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return { ok: false, error: new ProtocolError({ where, field: '', problem: 'not JSON' }) }
  }
  return parseMessage(schema, value, where)
}
