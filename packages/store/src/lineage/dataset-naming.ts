import { isAbsolute, resolve } from 'node:path'
import { parseDatasetRef } from '@runink/core'

/** An OpenLineage dataset or job identity. */
export interface OlName {
  readonly namespace: string
  readonly name: string
}

/** The namespace of a herd's Barn datasets and jobs. */
export function herdNamespace(herd: string): string {
  return `runink://${herd}`
}

const FILE_SCHEMES = ['csv', 'jsonl', 'json', 'parquet', 'file']

/**
 * Names a Runink URI by the OpenLineage naming rules: `dataset://x` → (`runink://<herd>`, x);
 * file connectors → (`file`, absolute path, relative ones resolved against baseDir);
 * `s3://bucket/key` → (`s3://bucket`, key); `postgres://host:port/db?table=t` →
 * (`postgres://host:port`, `db.t`); anything else → (scheme://authority, path).
 */
export function olDatasetName(uri: string, options: { herd: string; baseDir?: string }): OlName {
  if (uri.startsWith('dataset://'))
    return { namespace: herdNamespace(options.herd), name: parseDatasetRef(uri).name }
  const match = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(uri)
  const scheme = match?.[1]?.toLowerCase() ?? 'file'
  const rest = match?.[2] ?? uri
  if (FILE_SCHEMES.includes(scheme)) {
    const path = rest.split('?')[0] ?? rest
    return {
      namespace: 'file',
      name: isAbsolute(path) ? path : resolve(options.baseDir ?? '.', path),
    }
  }
  const url = new URL(uri)
  if (scheme === 's3')
    return { namespace: `s3://${url.host}`, name: url.pathname.replace(/^\//, '') }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    const db = url.pathname.replace(/^\//, '')
    const table = url.searchParams.get('table')
    return {
      namespace: `postgres://${url.hostname}:${url.port || '5432'}`,
      name: table ? `${db}.${table}` : db,
    }
  }
  return { namespace: `${scheme}://${url.host}`, name: url.pathname || '/' }
}
