/** A stage id from a scenario name: lowercase words joined by dashes (`Bronze - ingest` → `bronze-ingest`). */
export function stageIdOf(name: string): string {
  const id = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return id === '' ? 'stage' : id.slice(0, 63).replace(/-+$/, '')
}
