import type { Contract } from '@runink/contracts'
import type { OlName } from './dataset-naming.js'
import { facetBase, PRODUCER, RUN_EVENT_SCHEMA_URL } from './openlineage-spec.js'
import { schemaFacet } from './schema-facet.js'

/** Run event types Runink emits: START, then COMPLETE or FAIL (ABORT for cancelled). */
export const LineageEventType = {
  start: 'START',
  complete: 'COMPLETE',
  fail: 'FAIL',
  abort: 'ABORT',
} as const
export type LineageEventType = (typeof LineageEventType)[keyof typeof LineageEventType]

/** A data-quality assertion: contract validation, or an `@assert`. */
export interface LineageAssertion {
  readonly assertion: string
  readonly success: boolean
  readonly column?: string
  readonly severity?: 'error' | 'warn'
  readonly expected?: string
  readonly actual?: string
}

/**
 * A declarative field mapping for column lineage: output field → the input fields it is
 * computed from (`rename`, `select`, `derive` whose inputs are known), on a named input.
 */
export type FieldMapping = Readonly<
  Record<
    string,
    ReadonlyArray<{
      readonly input: OlName
      readonly field: string
      readonly transformation?: 'IDENTITY' | 'TRANSFORMATION' | 'MASKED'
    }>
  >
>

/** A dataset a stage read or wrote, with what is known about it. */
export interface LineageDataset extends OlName {
  readonly contract?: Contract
  readonly assertions?: readonly LineageAssertion[]
  /** Outputs only. */
  readonly columnLineage?: FieldMapping
  /** Outputs only. */
  readonly statistics?: {
    readonly rowCount?: number
    readonly size?: number
    readonly fileCount?: number
  }
}

/** Input of {@link buildRunEvent}: one stage run (a job run) inside a pipeline run (its parent). */
export interface RunEventInput {
  readonly eventType: LineageEventType
  readonly eventTime: Date
  /** The stage run's id (a UUID). */
  readonly runId: string
  readonly job: OlName
  readonly parent?: { readonly runId: string; readonly job: OlName }
  readonly inputs?: readonly LineageDataset[]
  readonly outputs?: readonly LineageDataset[]
  readonly error?: { readonly message: string; readonly stackTrace?: string }
}

/** An OpenLineage RunEvent as plain JSON. */
export type RunEvent = Record<string, unknown> & {
  eventType: LineageEventType
  eventTime: string
  run: { runId: string; facets?: Record<string, unknown> }
  job: OlName
  inputs: Array<OlName & Record<string, unknown>>
  outputs: Array<OlName & Record<string, unknown>>
}

const SUBTYPE = {
  IDENTITY: 'IDENTITY',
  TRANSFORMATION: 'TRANSFORMATION',
  MASKED: 'TRANSFORMATION',
} as const

function columnLineageFacet(mapping: FieldMapping): Record<string, unknown> {
  const fields: Record<string, unknown> = {}
  for (const [out, sources] of Object.entries(mapping)) {
    fields[out] = {
      inputFields: sources.map((s) => ({
        namespace: s.input.namespace,
        name: s.input.name,
        field: s.field,
        transformations: [
          {
            type: 'DIRECT',
            subtype: SUBTYPE[s.transformation ?? 'IDENTITY'],
            masking: s.transformation === 'MASKED',
          },
        ],
      })),
    }
  }
  return { ...facetBase('columnLineage'), fields }
}

const assertionsFacet = (assertions: readonly LineageAssertion[]): Record<string, unknown> => ({
  ...facetBase('dataQualityAssertions'),
  assertions: assertions.map((a) => ({ ...a })),
})

function datasetFacets(d: LineageDataset, output: boolean): Record<string, unknown> {
  const facets: Record<string, unknown> = {}
  if (d.contract) facets['schema'] = schemaFacet(d.contract)
  if (output && d.columnLineage && Object.keys(d.columnLineage).length)
    facets['columnLineage'] = columnLineageFacet(d.columnLineage)
  // Assertions about what a stage wrote describe the dataset itself.
  if (output && d.assertions?.length)
    facets['dataQualityAssertions'] = assertionsFacet(d.assertions)
  return facets
}

function inputOf(d: LineageDataset): OlName & Record<string, unknown> {
  const facets = datasetFacets(d, false)
  return {
    namespace: d.namespace,
    name: d.name,
    ...(Object.keys(facets).length ? { facets } : {}),
    ...(d.assertions?.length
      ? { inputFacets: { dataQualityAssertions: assertionsFacet(d.assertions) } }
      : {}),
  }
}

function outputOf(d: LineageDataset): OlName & Record<string, unknown> {
  const facets = datasetFacets(d, true)
  const s = d.statistics
  return {
    namespace: d.namespace,
    name: d.name,
    ...(Object.keys(facets).length ? { facets } : {}),
    ...(s
      ? { outputFacets: { outputStatistics: { ...facetBase('outputStatistics'), ...s } } }
      : {}),
  }
}

/** Builds an OpenLineage RunEvent for one stage run, with its parent run and facets. */
export function buildRunEvent(input: RunEventInput): RunEvent {
  const runFacets: Record<string, unknown> = {}
  if (input.parent) {
    runFacets['parent'] = {
      ...facetBase('parent'),
      run: { runId: input.parent.runId },
      job: { ...input.parent.job },
    }
  }
  if (input.error) {
    runFacets['errorMessage'] = {
      ...facetBase('errorMessage'),
      message: input.error.message,
      programmingLanguage: 'TypeScript',
      ...(input.error.stackTrace ? { stackTrace: input.error.stackTrace } : {}),
    }
  }
  return {
    eventType: input.eventType,
    eventTime: input.eventTime.toISOString(),
    producer: PRODUCER,
    schemaURL: RUN_EVENT_SCHEMA_URL,
    run: { runId: input.runId, ...(Object.keys(runFacets).length ? { facets: runFacets } : {}) },
    job: { namespace: input.job.namespace, name: input.job.name },
    inputs: (input.inputs ?? []).map(inputOf),
    outputs: (input.outputs ?? []).map(outputOf),
  }
}
