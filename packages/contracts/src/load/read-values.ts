import { didYouMeanHint } from '@runink/core'
import { describeNode, type DocEntry, type DocNode, type Position } from './doc-node.js'
import type { ProblemSink } from './problem-sink.js'

/**
 * The entries of a mapping by key, with keys outside `allowed` reported as unknown (and left
 * out). Reports and returns undefined when the node is not a mapping.
 */
export function readMap(
  sink: ProblemSink,
  path: string,
  node: DocNode,
  allowed: readonly string[],
  keyAt?: Position,
): Map<string, DocEntry> | undefined {
  if (node.kind !== 'map') {
    sink.invalid(path, node.at ?? keyAt, `expected a mapping, got ${describeNode(node)}`)
    return undefined
  }
  const out = new Map<string, DocEntry>()
  for (const entry of node.entries) {
    if (allowed.includes(entry.key)) out.set(entry.key, entry)
    else sink.unknownKey(path, entry, allowed)
  }
  return out
}

/** The string value of an entry (`path` is the value's own path); empty strings are rejected because they never mean anything here. */
export function readString(sink: ProblemSink, path: string, entry: DocEntry): string | undefined {
  const { value } = entry
  if (value.kind === 'scalar' && typeof value.value === 'string' && value.value.trim() !== '')
    return value.value
  sink.invalidEntry(path, entry, `expected a non-empty string, got ${describeNode(value)}`)
  return undefined
}

/** A `true`/`false` value. */
export function readBool(sink: ProblemSink, path: string, entry: DocEntry): boolean | undefined {
  const { value } = entry
  if (value.kind === 'scalar' && typeof value.value === 'boolean') return value.value
  sink.invalidEntry(path, entry, `expected true or false, got ${describeNode(value)}`)
  return undefined
}

/** One value of a closed vocabulary, with a did-you-mean suggestion when it is a near miss. */
export function readChoice<V extends string>(
  sink: ProblemSink,
  path: string,
  entry: DocEntry,
  vocabulary: Readonly<Record<string, V>>,
  what: string,
): V | undefined {
  const allowed = Object.values(vocabulary)
  const { value } = entry
  const text = value.kind === 'scalar' && typeof value.value === 'string' ? value.value : undefined
  const found = allowed.find((v) => v === text)
  if (found !== undefined) return found
  const guess = text === undefined ? '' : didYouMeanHint(text, allowed)
  const message = `unknown ${what} ${describeNode(value)}${guess}`
  // The full list only helps when there is no single likely correction.
  sink.invalidEntry(
    path,
    entry,
    message,
    guess === '' ? `one of: ${allowed.join(', ')}` : undefined,
  )
  return undefined
}
