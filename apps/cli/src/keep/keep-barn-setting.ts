/** How long an embedded Barn stays open after a command when RUNINK_KEEP_BARN is not set. */
export const DEFAULT_KEEP_BARN_SECONDS = 60
/** The longest RUNINK_KEEP_BARN may ask for: an hour. */
export const MAX_KEEP_BARN_SECONDS = 3600

const OFF = new Set(['0', 'off', 'false', 'no'])

/**
 * Seconds the embedded Barn is kept open after a command (RUNINK_KEEP_BARN): unset, the
 * default; `0` (or off, false, no), not kept; a whole number up to an hour. Anything else is
 * an error saying what is accepted.
 */
export function keepBarnSeconds(
  env: Readonly<Record<string, string | undefined>>,
): { readonly seconds: number } | { readonly error: string } {
  const raw = env.RUNINK_KEEP_BARN?.trim()
  if (raw === undefined || raw === '') return { seconds: DEFAULT_KEEP_BARN_SECONDS }
  if (OFF.has(raw.toLowerCase())) return { seconds: 0 }
  if (/^\d+$/.test(raw) && Number(raw) <= MAX_KEEP_BARN_SECONDS) return { seconds: Number(raw) }
  return {
    error: `RUNINK_KEEP_BARN=${raw} is not a number of seconds from 0 to ${MAX_KEEP_BARN_SECONDS} (or off)`,
  }
}
