/** The table name of a source: the last part of a dataset name or a file's base name. */
export function tableNameOf(uri: string): string {
  const rest = uri.replace(/^[a-z0-9+]+:\/\//, '').replace(/@[^/]*$/, '')
  const base = rest.split('/').pop() ?? rest
  const name = uri.startsWith('dataset://')
    ? (base.split('.').pop() ?? base)
    : base.replace(/\.[^.]*$/, '')
  return name.replace(/[^A-Za-z0-9_]/g, '_')
}
