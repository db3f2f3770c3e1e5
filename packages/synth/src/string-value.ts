import type { FieldSpec } from '@runink/contracts'
import { FORMAT_VALUES, FORMAT_VARIANTS } from './format-values.js'
import { patternValue } from './pattern-value.js'
import { plausibleString } from './plausible-values.js'
import { type SynthContext, nextSerial } from './synth-context.js'

/** Longest free text made up when a field sets no maximum length. */
const FREE_TEXT = 16

/** Attempts that use the plausible value as it is, before fitting it or making one up. */
const PLAIN_TRIES = 3
/** Attempts after which a suffix makes free text unique. */
const SERIAL_AFTER = 8

/** Open quantifiers in patterns repeat less on later attempts, to meet length limits. */
function repeats(attempt: number): number {
  return attempt < 8 ? 8 : attempt < 16 ? 3 : 1
}

/** Code points of `s`. */
function codePoints(s: string): number {
  let n = 0
  for (const _ of s) n++
  return n
}

/** `text` cut or padded (with lorem words) to a length allowed by `spec.length`. */
function fitLength(ctx: SynthContext, spec: FieldSpec, text: string): string {
  const min = spec.length?.min ?? 1
  const max = spec.length?.max ?? Math.max(min, FREE_TEXT, codePoints(text))
  let out = text
  while (codePoints(out) < min) out += ` ${ctx.faker.lorem.word()}`
  out = [...out].slice(0, max).join('')
  // A cut may end in a space, which CSV readers are apt to trim.
  return out.endsWith(' ') ? `${out.slice(0, -1)}x` : out
}

/** Free text (lorem words) of a length `spec` allows; a serial suffix when `serial`. */
function freeText(ctx: SynthContext, spec: FieldSpec, serial: boolean): string {
  const min = Math.max(spec.length?.min ?? 1, spec.length?.max === 0 ? 0 : 1)
  const max = spec.length?.max ?? Math.max(min, FREE_TEXT)
  const target = ctx.rng.int(min, Math.min(max, Math.max(min, 4) + 8))
  let text = ''
  while (codePoints(text) < target) text += (text === '' ? '' : ' ') + ctx.faker.lorem.word()
  if (!serial) return fitLength(ctx, { ...spec, length: { min: target, max: target } }, text)
  const suffix = String(nextSerial(ctx, spec))
  const head = [...text]
    .slice(0, Math.max(0, target - suffix.length))
    .join('')
    .trimEnd()
  return fitLength(ctx, spec, `${head}${suffix}`)
}

/**
 * A candidate for a string field, attempt by attempt: first plausible values (from the format or
 * the field name), then values driven by the constraints (pattern, length), then unique ones.
 */
export function stringCandidate(
  ctx: SynthContext,
  name: string,
  spec: FieldSpec,
  attempt: number,
): string | undefined {
  const { faker } = ctx
  if (spec.format !== undefined) {
    if (spec.pattern !== undefined && attempt >= 2 * PLAIN_TRIES)
      return patternValue(spec.pattern, ctx.rng, repeats(attempt))
    const variant = FORMAT_VARIANTS[spec.format]
    return attempt >= PLAIN_TRIES && variant !== undefined
      ? variant(faker)
      : FORMAT_VALUES[spec.format](faker)
  }
  const plausible = plausibleString(name)
  // A pattern rarely admits a made-up value: it gets one chance before the pattern's own draws.
  const plain = spec.pattern === undefined ? PLAIN_TRIES : 1
  if (plausible !== undefined && attempt < plain) return plausible(faker)
  if (spec.pattern !== undefined) return patternValue(spec.pattern, ctx.rng, repeats(attempt))
  if (plausible !== undefined && attempt < 2 * PLAIN_TRIES)
    return fitLength(ctx, spec, plausible(faker))
  if (plausible !== undefined && attempt >= SERIAL_AFTER)
    return fitLength(ctx, spec, `${plausible(faker)}${nextSerial(ctx, spec)}`)
  return freeText(ctx, spec, attempt >= SERIAL_AFTER)
}
