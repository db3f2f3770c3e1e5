import { distance } from 'fastest-levenshtein'

/** The closest candidate to `word`, if one is close enough to be a likely typo. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  const lower = word.toLowerCase()
  for (const candidate of candidates) {
    const d = distance(lower, candidate.toLowerCase())
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  const limit = Math.max(1, Math.floor(word.length / 3))
  return best !== undefined && bestDistance <= limit ? best : undefined
}

/** `' (did you mean "x"?)'` or the empty string. */
export function didYouMeanHint(word: string, candidates: Iterable<string>): string {
  const guess = didYouMean(word, candidates)
  return guess === undefined ? '' : ` (did you mean "${guess}"?)`
}
