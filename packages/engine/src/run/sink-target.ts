import path from 'node:path'
import type { FileFormat } from '../connectors/index.js'
import { SourceError } from '../connectors/index.js'
import { confinedPath, type PathScope } from './confined-path.js'
import { splitUri } from './resolve-inputs.js'

/** Where a sink's committed output goes. */
export type SinkTarget =
  | { readonly kind: 'dataset'; readonly name: string; readonly format: FileFormat }
  | {
      readonly kind: 'file'
      readonly path: string
      readonly datasetName: string
      readonly format: FileFormat
    }

const FORMATS: Readonly<Record<string, FileFormat>> = {
  csv: 'csv',
  jsonl: 'jsonl',
  json: 'json',
  parquet: 'parquet',
}

/**
 * A sink URI as a target. Barn datasets are stored as JSONL; file sinks are written to their
 * path (relative to the feature file) and also versioned in the Barn as `files/<path>` so runs
 * can be cached and their outputs traced. A file sink must resolve (symlinks too) inside the
 * project folder or a folder the herd allows writes to (`scope`; a bare string is the project
 * folder alone): its `path` is that real path, checked again each time the target is asked for.
 */
export function sinkTarget(uri: string, scope: string | PathScope): SinkTarget {
  const { baseDir } = typeof scope === 'string' ? { baseDir: scope } : scope
  const { scheme, rest } = splitUri(uri)
  if (scheme === 'dataset')
    return { kind: 'dataset', name: rest.replace(/@.*$/, ''), format: 'jsonl' }
  const format = FORMATS[scheme]
  if (format === undefined) {
    throw new SourceError(
      'RUNINK_SOURCE_UNSUPPORTED',
      `${uri}: local runs cannot write this sink scheme yet`,
      { uri },
    )
  }
  const real = confinedPath(uri, rest, typeof scope === 'string' ? { baseDir } : scope, 'write')
  const file = path.resolve(baseDir, rest)
  const relative = path.relative(baseDir, file)
  const datasetName = `files/${relative
    .split(path.sep)
    .join('/')
    .replace(/^(\.\.\/)+/, '')}`
  return { kind: 'file', path: real, datasetName, format }
}
