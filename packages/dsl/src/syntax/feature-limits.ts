/**
 * Bounds on a feature file, so that a hostile one costs bounded memory and stack: the lexer and
 * parser hold a few dozen bytes per character (a 30 MB file took 1.2 GB), and annotations nest
 * by recursion. Real feature files are a few kilobytes with annotations one level deep.
 */

/** The largest feature file compiled, in UTF-16 characters (1 MiB). */
export const MAX_FEATURE_CHARS = 1024 * 1024

/** How deep annotations may nest inside one another's arguments (`@source("x" @meta(a="b"))` is 2). */
export const MAX_ANNOTATION_DEPTH = 16

/** The one-line problem with a feature file's size, or undefined when it is within the limit. */
export function featureSizeProblem(text: string): string | undefined {
  if (text.length <= MAX_FEATURE_CHARS) return undefined
  return `the feature file is ${text.length} characters; at most ${MAX_FEATURE_CHARS} (1 MiB) are compiled`
}
