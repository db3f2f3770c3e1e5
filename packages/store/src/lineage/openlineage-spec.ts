/** The OpenLineage version these events follow. */
export const OPENLINEAGE_VERSION = '2-0-2'

/** `producer` of every event and facet: who wrote the metadata. */
export const PRODUCER = 'https://github.com/runink/runink/tree/v0.1.0/packages/store'

/** `schemaURL` of run events. */
export const RUN_EVENT_SCHEMA_URL = `https://openlineage.io/spec/${OPENLINEAGE_VERSION}/OpenLineage.json#/$defs/RunEvent`

const facet = (version: string, file: string): string =>
  `https://openlineage.io/spec/facets/${version}/${file}.json#/$defs/${file}`

/** `_schemaURL` of each facet Runink emits, pinned to the facet schema versions it was tested against. */
export const FACET_SCHEMA_URLS = {
  parent: facet('1-2-0', 'ParentRunFacet'),
  errorMessage: facet('1-0-1', 'ErrorMessageRunFacet'),
  schema: facet('1-2-0', 'SchemaDatasetFacet'),
  columnLineage: facet('1-2-0', 'ColumnLineageDatasetFacet'),
  dataQualityAssertions: facet('1-1-0', 'DataQualityAssertionsDatasetFacet'),
  outputStatistics: facet('1-0-2', 'OutputStatisticsOutputDatasetFacet'),
} as const
export type FacetName = keyof typeof FACET_SCHEMA_URLS

/** The `_producer`/`_schemaURL` pair every facet starts with. */
export function facetBase(name: FacetName): { _producer: string; _schemaURL: string } {
  return { _producer: PRODUCER, _schemaURL: FACET_SCHEMA_URLS[name] }
}
