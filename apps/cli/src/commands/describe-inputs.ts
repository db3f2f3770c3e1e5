import type { RunPin } from '@runink/store'
import { formatTable } from './format-table.js'

const HOW: Readonly<Record<RunPin['pinned'], (p: RunPin) => string>> = {
  stage: (p) => `written by ${p.fromStage ?? '?'} in this run`,
  'run-start': () => 'latest at run start',
  explicit: () => 'as written',
  file: () => 'file as read',
}

/**
 * The `inputs:` block of `runi status`: each source the run read, the exact version (or file
 * content) it was bound to, and why that one. Empty when the run read nothing.
 */
export function describeInputs(inputs: readonly RunPin[]): string[] {
  if (inputs.length === 0) return []
  const table = formatTable(
    ['SOURCE', 'VERSION', 'CONTENT', 'READ'],
    inputs.map((p) => [p.uri, p.ref ?? '-', p.contentHash.slice(0, 19), HOW[p.pinned](p)]),
  )
  return ['', 'inputs:', ...table.split('\n').map((l) => `  ${l}`)]
}
