import { fieldSpec } from '@runink/contracts'
import { describe, it, expect } from 'vitest'
import type { Contract } from '@runink/contracts'
import { uuidV7Ids } from '@runink/core'
import { openLineageValidator } from '../testing/openlineage-validator.js'
import { buildRunEvent } from './build-run-event.js'
import { herdNamespace, olDatasetName } from './dataset-naming.js'
import { PRODUCER, RUN_EVENT_SCHEMA_URL } from './openlineage-spec.js'

const f = fieldSpec

const contract: Contract = {
  contract: 'trade_validated',
  version: '1.2.0',
  unknown_fields: 'reject',
  fields: {
    trade_id: f('string', { required: true, description: 'Trade identifier' }),
    price: f('decimal'),
    legs: f('array', { items: f('object', { fields: { qty: f('int') } }) }),
  },
}

const validator = openLineageValidator()
const parent = {
  runId: uuidV7Ids.next(),
  job: { namespace: herdNamespace('finance'), name: 'trades' },
}
const job = { namespace: herdNamespace('finance'), name: 'trades.silver' }
const bronze = olDatasetName('dataset://bronze.trades@3', { herd: 'finance' })
const silver = olDatasetName('dataset://silver.trades', { herd: 'finance' })
const dlq = olDatasetName('jsonl://out/dlq.jsonl', { herd: 'finance', baseDir: '/proj' })

const start = buildRunEvent({
  eventType: 'START',
  eventTime: new Date('2024-05-01T10:00:00Z'),
  runId: uuidV7Ids.next(),
  job,
  parent,
  inputs: [{ ...bronze, contract }],
})
const complete = buildRunEvent({
  eventType: 'COMPLETE',
  eventTime: new Date('2024-05-01T10:00:05Z'),
  runId: start.run.runId,
  job,
  parent,
  inputs: [
    { ...bronze, contract, assertions: [{ assertion: 'contract:trade_raw', success: true }] },
  ],
  outputs: [
    {
      ...silver,
      contract,
      columnLineage: {
        trade_id: [{ input: bronze, field: 'id' }],
        price: [{ input: bronze, field: 'px', transformation: 'TRANSFORMATION' }],
      },
      statistics: { rowCount: 99, size: 4096, fileCount: 1 },
      assertions: [
        {
          assertion: 'contract:trade_validated',
          success: false,
          severity: 'error',
          expected: '0',
          actual: '1',
        },
        { assertion: 'invalid.ratio < 0.05', success: true, column: 'price' },
      ],
    },
    { ...dlq, statistics: { rowCount: 1 } },
  ],
})
const fail = buildRunEvent({
  eventType: 'FAIL',
  eventTime: new Date('2024-05-01T10:00:05Z'),
  runId: start.run.runId,
  job,
  parent,
  inputs: [bronze],
  error: { message: 'step ValidateLifecycle threw', stackTrace: 'Error: x\n    at y' },
})

describe('buildRunEvent', () => {
  it.each([
    ['START', start],
    ['COMPLETE', complete],
    ['FAIL', fail],
  ])('%s is valid against the official core schema and every facet schema', (_name, event) => {
    expect(validator.check(event)).toEqual([])
  })

  it('the validator does catch a broken event and a broken facet', () => {
    expect(validator.check({ ...start, eventTime: 'yesterday' })).not.toEqual([])
    const bad = structuredClone(fail) as unknown as {
      run: { facets: { errorMessage: Record<string, unknown> } }
    }
    delete bad.run.facets.errorMessage['programmingLanguage']
    expect(validator.check(bad).join()).toMatch(/errorMessage/)
  })

  it('names the producer, schema, parent run and datasets by the naming rules', () => {
    expect(start).toMatchObject({ producer: PRODUCER, schemaURL: RUN_EVENT_SCHEMA_URL, job })
    expect(start.run.facets?.['parent']).toMatchObject({
      run: { runId: parent.runId },
      job: parent.job,
    })
    expect(complete.outputs.map((o) => [o.namespace, o.name])).toEqual([
      ['runink://finance', 'silver.trades'],
      ['file', '/proj/out/dlq.jsonl'],
    ])
    expect(complete.inputs[0]).toMatchObject({
      namespace: 'runink://finance',
      name: 'bronze.trades',
    })
  })

  it('describes the contract as a nested schema facet and declarative steps as column lineage', () => {
    const facets = complete.outputs[0]?.['facets'] as Record<string, { fields: unknown }>
    expect(facets['schema']?.fields).toEqual([
      { name: 'trade_id', type: 'string', description: 'Trade identifier', ordinal_position: 1 },
      { name: 'price', type: 'decimal', ordinal_position: 2 },
      {
        name: 'legs',
        type: 'array<object>',
        ordinal_position: 3,
        fields: [{ name: 'qty', type: 'int', ordinal_position: 1 }],
      },
    ])
    expect(facets['columnLineage']?.fields).toMatchObject({
      trade_id: {
        inputFields: [
          {
            namespace: 'runink://finance',
            name: 'bronze.trades',
            field: 'id',
            transformations: [{ type: 'DIRECT', subtype: 'IDENTITY' }],
          },
        ],
      },
      price: { inputFields: [{ field: 'px', transformations: [{ subtype: 'TRANSFORMATION' }] }] },
    })
    expect(complete.outputs[0]?.['outputFacets']).toMatchObject({
      outputStatistics: { rowCount: 99, size: 4096, fileCount: 1 },
    })
    expect(fail.run.facets?.['errorMessage']).toMatchObject({
      message: 'step ValidateLifecycle threw',
      programmingLanguage: 'TypeScript',
    })
  })
})

describe('olDatasetName', () => {
  it('follows the OpenLineage naming rules for each connector', () => {
    const o = { herd: 'h', baseDir: '/p' }
    expect(olDatasetName('dataset://a.b@2', o)).toEqual({ namespace: 'runink://h', name: 'a.b' })
    expect(olDatasetName('csv://data/t.csv', o)).toEqual({
      namespace: 'file',
      name: '/p/data/t.csv',
    })
    expect(olDatasetName('parquet:///abs/x.parquet', o)).toEqual({
      namespace: 'file',
      name: '/abs/x.parquet',
    })
    expect(olDatasetName('s3://bucket/k/x.csv', o)).toEqual({
      namespace: 's3://bucket',
      name: 'k/x.csv',
    })
    expect(olDatasetName('postgres://db.local/sales?table=public.orders', o)).toEqual({
      namespace: 'postgres://db.local:5432',
      name: 'sales.public.orders',
    })
  })
})
