/** URI schemes with a connector, and the directions they work in. */
export const UriScheme = {
  csv: 'csv',
  jsonl: 'jsonl',
  json: 'json',
  parquet: 'parquet',
  dataset: 'dataset',
  s3: 's3',
  postgres: 'postgres',
  http: 'http',
  https: 'https',
  nats: 'nats',
  stdout: 'stdout',
} as const
export type UriScheme = (typeof UriScheme)[keyof typeof UriScheme]

/** File formats read and written from a path relative to the feature file. */
export const FILE_SCHEMES: ReadonlySet<string> = new Set(['csv', 'jsonl', 'json', 'parquet'])
const SOURCE_ONLY: ReadonlySet<string> = new Set(['http', 'https'])
const SINK_ONLY: ReadonlySet<string> = new Set(['stdout'])
const DATASET = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(@[A-Za-z0-9_.+-]+)?$/

/** A parsed connector URI. */
export interface ParsedUri {
  readonly uri: string
  readonly scheme: UriScheme
  /** Everything after `scheme://`: a path, a dataset name, a bucket/key, a host. */
  readonly location: string
}

/** A URI problem: what is wrong and a hint. */
export interface UriProblem {
  readonly unknownScheme?: string
  readonly message: string
  readonly hint?: string
}

/** Parses `scheme://location` for a source or a sink. */
export function parseUri(text: string, direction: 'source' | 'sink'): ParsedUri | UriProblem {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(text)
  if (m === null)
    return {
      message: `"${text}" is not a URI`,
      hint: 'write scheme://location, e.g. csv://data/in.csv or dataset://bronze.trades',
    }
  const scheme = (m[1] ?? '').toLowerCase()
  const location = m[2] ?? ''
  if (!(Object.values(UriScheme) as string[]).includes(scheme))
    return { unknownScheme: scheme, message: `unknown URI scheme "${scheme}"` }
  if (direction === 'sink' && SOURCE_ONLY.has(scheme))
    return { message: `${scheme}:// can only be a source` }
  if (direction === 'source' && SINK_ONLY.has(scheme))
    return { message: `${scheme}:// can only be a sink` }
  const problem = locationProblem(scheme, location, text)
  if (problem !== undefined) return problem
  return { uri: text, scheme: scheme as UriScheme, location }
}

function locationProblem(scheme: string, location: string, text: string): UriProblem | undefined {
  if (scheme === 'stdout') return undefined
  if (location.trim() === '' || /\s/.test(location))
    return {
      message: `${scheme}:// needs a location without spaces`,
      hint: `e.g. ${example(scheme)}`,
    }
  if (FILE_SCHEMES.has(scheme) && location.endsWith('/'))
    return { message: `${scheme}:// names a file, not a folder`, hint: `e.g. ${example(scheme)}` }
  if (scheme === 'dataset' && !DATASET.test(location))
    return {
      message: `"${location}" is not a dataset name`,
      hint: 'letters, digits, _ . - and an optional @version, e.g. dataset://bronze.trades@3',
    }
  if (scheme === 's3' && !/^[a-z0-9][a-z0-9.-]{1,62}\/.+/.test(location))
    return {
      message: `"${text}" needs a bucket and a key`,
      hint: 'e.g. s3://bucket/path/file.parquet',
    }
  if (['postgres', 'http', 'https', 'nats'].includes(scheme) && !URL.canParse(text))
    return { message: `"${text}" is not a valid ${scheme} URL`, hint: `e.g. ${example(scheme)}` }
  return undefined
}

function example(scheme: string): string {
  switch (scheme) {
    case 'postgres':
      return 'postgres://host/db?table=trades'
    case 'nats':
      return 'nats://host:4222/subject'
    case 'http':
    case 'https':
      return `${scheme}://host/path`
    default:
      return `${scheme}://data/file.${scheme}`
  }
}
