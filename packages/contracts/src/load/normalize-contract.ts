import { Classification, UnknownFields, type Contract } from '../model/index.js'
import { describeNode, type DocNode } from './doc-node.js'
import { normalizeFields } from './normalize-field.js'
import { childPath, type ProblemSink } from './problem-sink.js'
import { readChoice, readMap, readString } from './read-values.js'
import { isSemver } from './semver.js'

/** Top-level keys of a contract document, in the model's order. */
export const CONTRACT_KEYS = [
  'contract',
  'version',
  'owner',
  'classification',
  'description',
  'unknown_fields',
  'fields',
] as const

// Names appear in refs (`name@version`), file names and CLI arguments.
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/

const REQUIRED: ReadonlyArray<readonly [string, string]> = [
  ['contract', 'the contract name'],
  ['version', 'a semantic version such as 1.0.0'],
  ['fields', 'the mapping of field names to fields'],
]

/**
 * Checks a contract document and normalises it to the model. Every problem goes to `sink`;
 * the model is returned only when there are none.
 */
export function normalizeContract(sink: ProblemSink, root: DocNode): Contract | undefined {
  const before = sink.problems.length
  const map = readMap(sink, '', root, CONTRACT_KEYS)
  if (map === undefined) return undefined
  for (const [key, why] of REQUIRED)
    if (!map.has(key)) sink.missing('', root, root.at ?? { line: 1, column: 1 }, key, why)

  const out: Record<string, unknown> = {}
  for (const [key, entry] of map) {
    switch (key) {
      case 'contract': {
        const name = readString(sink, key, entry)
        if (name !== undefined && !NAME.test(name)) {
          const hint = 'letters, digits, _ . - ; starting with a letter or _'
          sink.invalidEntry(key, entry, `invalid contract name ${JSON.stringify(name)}`, hint)
        } else out.contract = name
        break
      }
      case 'version': {
        const { value } = entry
        const text = value.kind === 'scalar' ? value.value : undefined
        if (typeof text === 'string' && isSemver(text)) out.version = text
        else {
          // `version: 1.0` in YAML is the number 1; a semantic version has three parts.
          const got = describeNode(value)
          sink.invalidEntry(key, entry, `expected a semantic version such as "1.2.0", got ${got}`)
        }
        break
      }
      case 'owner':
      case 'description':
        out[key] = readString(sink, key, entry)
        break
      case 'classification':
        out[key] = readChoice(sink, key, entry, Classification, 'classification')
        break
      case 'unknown_fields':
        out[key] = readChoice(sink, key, entry, UnknownFields, 'unknown_fields policy')
        break
      case 'fields':
        out.fields = normalizeFields(sink, childPath('', key), entry.value, entry.keyAt)
        break
    }
  }
  if (sink.problems.length > before) return undefined
  return {
    contract: out.contract,
    version: out.version,
    ...(out.owner === undefined ? {} : { owner: out.owner }),
    ...(out.classification === undefined ? {} : { classification: out.classification }),
    ...(out.description === undefined ? {} : { description: out.description }),
    unknown_fields: out.unknown_fields ?? UnknownFields.reject,
    fields: out.fields,
  } as Contract
}
