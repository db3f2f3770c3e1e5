/** Longest error message sent (the host takes at most 64 Ki characters of one). */
const MAX_MESSAGE = 60_000
/** Largest error details sent, as JSON: the result line must stay far below 1 MiB. */
const MAX_DETAILS = 256 * 1024

/** An error as the host's result schema takes it: a message it keeps, details that fit. */
export function fitError(e: { code: string; message: string; details?: unknown }): {
  code: string
  message: string
  details: unknown
} {
  const message =
    e.message.length > MAX_MESSAGE ? `${e.message.slice(0, MAX_MESSAGE)} … (cut)` : e.message
  const details = JSON.stringify(e.details ?? {}).length > MAX_DETAILS ? {} : (e.details ?? {})
  return { code: e.code, message, details }
}
