/** What replaces a redacted value: the chain hashes this, never the secret. */
export const REDACTED = '[REDACTED]'

/** Keys whose values are secrets or PII wherever they appear in a payload. */
const SENSITIVE_KEY =
  /pass(word|wd|phrase)?$|secret|token|api[-_]?key|private[-_]?key|credential|authorization|cookie|^ssn$|social[-_]?security/i

/**
 * Copies a payload with sensitive values replaced by {@link REDACTED}: any key that looks like
 * a secret (password, secret, token, ssn, …) at any depth, plus the caller's PII paths
 * (dot-separated, `*` matching any key or array index, e.g. `customer.email`, `rows.*.name`).
 */
export function redact(payload: unknown, piiPaths: readonly string[] = []): unknown {
  const paths = piiPaths.map((p) => p.split('.'))
  const walk = (value: unknown, path: readonly string[]): unknown => {
    if (paths.some((p) => matches(p, path))) return REDACTED
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, String(i)]))
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value)) {
        out[k] =
          SENSITIVE_KEY.test(k) && v !== null && v !== undefined ? REDACTED : walk(v, [...path, k])
      }
      return out
    }
    return value
  }
  // Through JSON once: the hash must cover exactly what jsonb will hand back (no undefined).
  return JSON.parse(JSON.stringify(walk(payload, [])) ?? 'null') as unknown
}

function matches(pattern: readonly string[], path: readonly string[]): boolean {
  return pattern.length === path.length && pattern.every((seg, i) => seg === '*' || seg === path[i])
}
