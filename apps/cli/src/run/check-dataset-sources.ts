import { didYouMean } from '@runink/core'
import { stageDiagnostic, type Diagnostic, type Plan, type StagePlace } from '@runink/dsl'
import { barnExists, parseDatasetRef, type Barn, type DatasetRef } from '@runink/store'
import type { CliIo } from '../cli-io.js'
import { withBarn } from '../commands/open-barn-for.js'

/** A `dataset://` source no stage of the plan writes: only the Barn can say if it exists. */
interface Outside {
  readonly place: StagePlace
  readonly uri: string
  readonly name: string
  readonly version?: number
}

/**
 * `dataset://` sources that no stage of the plan writes must exist in the Barn at `home` (or
 * RUNINK_DATABASE_URL), in the plan's herd: `RUNINK_DSL_UNKNOWN_DATASET` otherwise, with
 * did-you-mean over the Barn's datasets and the plan's own. Never creates a Barn: without one
 * (or when a run holds it) such sources draw one `RUNINK_DSL_NO_BARN` warning.
 */
export async function checkDatasetSources(
  io: CliIo,
  home: string,
  file: string,
  text: string,
  plan: Plan,
): Promise<Diagnostic[]> {
  const outside: Outside[] = []
  for (const stage of plan.stages)
    stage.sources.forEach((s, index) => {
      if (s.scheme !== 'dataset' || s.fromStage !== undefined) return
      const ref = datasetRefOf(s.location)
      if (ref === undefined) return // a version the compiler let through but the Barn never makes
      outside.push({
        place: { stage: stage.id, annotation: 'source', index },
        uri: s.uri,
        name: ref.name,
        ...(ref.version === undefined ? {} : { version: ref.version }),
      })
    })
  if (outside.length === 0) return []
  const databaseUrl = io.env.RUNINK_DATABASE_URL
  const first = outside[0] as Outside
  const unchecked = (why: string): Diagnostic[] => [
    stageDiagnostic(file, text, first.place, {
      code: 'RUNINK_DSL_NO_BARN',
      severity: 'warning',
      message: `${outside.map((o) => o.uri).join(', ')}: no stage of this plan writes ${outside.length === 1 ? 'it' : 'them'}, and ${why}`,
      hint: 'run the pipeline that writes it first, or pass --home <project folder holding .runink/>',
    }),
  ]
  if (!(await barnExists({ home, databaseUrl })))
    return unchecked(
      databaseUrl
        ? 'the database has no Barn to check in'
        : `there is no Barn in ${home} to check in`,
    )
  let known: Map<string, number[]>
  try {
    known = await withBarn(io, home, (barn) => datasetVersions(barn, plan.feature.herd))
  } catch (error) {
    return unchecked(`the Barn could not be read (${firstLine(error)})`)
  }
  const planNames = plan.stages.flatMap((s) =>
    s.sinks.flatMap((k) => (k.scheme === 'dataset' ? [datasetRefOf(k.location)?.name ?? ''] : [])),
  )
  const out: Diagnostic[] = []
  for (const o of outside) {
    const versions = known.get(o.name)
    if (versions !== undefined && (o.version === undefined || versions.includes(o.version)))
      continue
    const guess = didYouMean(o.name, [...known.keys(), ...planNames])
    out.push(
      stageDiagnostic(file, text, o.place, {
        code: 'RUNINK_DSL_UNKNOWN_DATASET',
        severity: 'error',
        message:
          versions === undefined
            ? `${o.uri}: no stage of this plan writes ${o.name}, and the Barn has no such dataset in herd ${plan.feature.herd}`
            : `${o.uri}: dataset ${o.name} has no version ${o.version ?? ''} (it has ${versions.join(', ')})`,
        hint:
          guess !== undefined && versions === undefined
            ? `did you mean dataset://${guess}?`
            : versions === undefined
              ? known.size === 0
                ? 'the Barn holds no dataset yet'
                : `datasets: ${[...known.keys()].slice(0, 10).join(', ')}`
              : `latest is dataset://${o.name}@${versions.at(-1) ?? ''}`,
      }),
    )
  }
  return out
}

/** Each dataset of a herd with its version numbers. */
async function datasetVersions(barn: Barn, herd: string): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>()
  for (const d of await barn.datasets.list(herd))
    out.set(
      d.name,
      (await barn.datasets.versions(d.name, herd)).map((v) => v.version),
    )
  return out
}

function datasetRefOf(location: string): DatasetRef | undefined {
  try {
    return parseDatasetRef(location)
  } catch {
    return undefined
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''
}
