import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'

/** The official OpenLineage 2-0-2 schemas, vendored with their licence under testdata/. */
const SPEC_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../testdata/openlineage')

interface SchemaFile {
  $id: string
  properties?: Record<string, { $ref?: string }>
}

/** Validates events against the core schema and every facet against its own schema. */
export interface OpenLineageValidator {
  /** Problems found (empty when valid), each naming where. */
  check(event: unknown): string[]
}

/** Loads the core schema and all facet schemas into one Ajv2020, $refs resolved locally. */
export function openLineageValidator(): OpenLineageValidator {
  const ajv = new Ajv2020({ allErrors: true, strict: false })
  addFormats.default(ajv)
  const core = JSON.parse(readFileSync(join(SPEC_DIR, 'OpenLineage.json'), 'utf8')) as SchemaFile
  ajv.addSchema(core)
  const facetDefs = new Map<string, string>()
  for (const file of readdirSync(join(SPEC_DIR, 'facets'))) {
    const schema = JSON.parse(readFileSync(join(SPEC_DIR, 'facets', file), 'utf8')) as SchemaFile
    ajv.addSchema(schema)
    for (const [key, prop] of Object.entries(schema.properties ?? {})) {
      if (prop.$ref) facetDefs.set(key, `${schema.$id}${prop.$ref}`)
    }
  }
  const runEvent = ajv.getSchema(`${core.$id}#/$defs/RunEvent`)
  if (!runEvent) throw new Error('RunEvent schema not found')
  const checkFacets = (where: string, facets: unknown, problems: string[]): void => {
    if (!facets || typeof facets !== 'object') return
    for (const [key, value] of Object.entries(facets)) {
      const ref = facetDefs.get(key)
      if (!ref) {
        problems.push(`${where}.${key}: no official schema for this facet`)
        continue
      }
      const validate = ajv.getSchema(ref)
      if (!validate?.(value)) problems.push(`${where}.${key}: ${ajv.errorsText(validate?.errors)}`)
      const url = (value as { _schemaURL?: string })._schemaURL
      if (url !== ref) problems.push(`${where}.${key}: _schemaURL ${url} is not ${ref}`)
    }
  }
  return {
    check(event) {
      const problems: string[] = []
      if (!runEvent(event)) problems.push(`event: ${ajv.errorsText(runEvent.errors)}`)
      const e = event as {
        run?: { facets?: unknown }
        job?: { facets?: unknown }
        inputs?: Array<{ facets?: unknown; inputFacets?: unknown }>
        outputs?: Array<{ facets?: unknown; outputFacets?: unknown }>
      }
      checkFacets('run.facets', e.run?.facets, problems)
      checkFacets('job.facets', e.job?.facets, problems)
      e.inputs?.forEach((d, i) => {
        checkFacets(`inputs[${i}].facets`, d.facets, problems)
        checkFacets(`inputs[${i}].inputFacets`, d.inputFacets, problems)
      })
      e.outputs?.forEach((d, i) => {
        checkFacets(`outputs[${i}].facets`, d.facets, problems)
        checkFacets(`outputs[${i}].outputFacets`, d.outputFacets, problems)
      })
      return problems
    },
  }
}
