import { existsSync } from 'node:fs'
import path from 'node:path'
import { RuninkError } from '@runink/core'
import { contractsOfPlan, registerContracts } from '@runink/local'
import { ServerCodes, type PipelineBundle } from '@runink/protocol'
import { StoreErrors, type Barn, type Pipeline } from '@runink/store'
import { compileBundle, type CompiledBundle } from './compile-bundle.js'
import { writeBundle } from './write-bundle.js'

/** Where pipelines are: the Barn (their versions) and the folder their bundles are unpacked in. */
export interface PipelineHome {
  readonly barn: Barn
  readonly root: string
}

/** A pipeline version ready to run: the version, its unpacked bundle and its compiled plan. */
export interface ReadyPipeline {
  readonly pipeline: Pipeline
  /** False when the bundle was the latest version already. */
  readonly created: boolean
  readonly dir: string
  readonly compiled: CompiledBundle
}

/**
 * Unpacks a bundle under `root` (content-addressed), compiles its feature for `herd`, and
 * registers it as the next version of the pipeline the feature names, or as the latest version
 * when it is that one again; the contracts its plan pins go into the herd's contracts registry.
 */
export async function uploadPipeline(
  { barn, root }: PipelineHome,
  herd: string,
  bundle: PipelineBundle,
  actor: string,
): Promise<ReadyPipeline> {
  if (!(bundle.feature in bundle.files))
    throw new RuninkError(
      ServerCodes.RUNINK_PIPELINE_INVALID,
      `the bundle has no file ${bundle.feature} (the feature to run)`,
      { details: { feature: bundle.feature } },
    )
  const { dir, hash } = await writeBundle(root, bundle.files)
  const compiled = await compileBundle(dir, bundle.feature, herd)
  const { pipeline, created } = await barn.pipelines.register(
    {
      herd,
      name: compiled.plan.feature.name,
      planHash: compiled.planHash,
      bundleHash: hash,
      feature: bundle.feature,
    },
    actor,
  )
  await registerContracts(barn, herd, contractsOfPlan(compiled.plan, compiled.contracts), actor)
  return { pipeline, created, dir, compiled }
}

/**
 * Version `version` (default the latest) of the herd's pipeline `name`, compiled from its
 * bundle under `root`: not found (404) when there is no such version, RUNINK_PIPELINE_INVALID
 * when its bundle no longer compiles here.
 */
export async function storedPipeline(
  { barn, root }: PipelineHome,
  herd: string,
  name: string,
  version?: number,
): Promise<ReadyPipeline> {
  const pipeline = await barn.pipelines.get(herd, name, version)
  if (!pipeline)
    throw new RuninkError(
      StoreErrors.RUNINK_STORE_NOT_FOUND,
      `no pipeline ${name}${version === undefined ? '' : ` version ${version}`} in herd ${herd}: upload it with POST /api/v1/herds/${herd}/pipelines`,
      { details: { what: 'pipeline', id: name, herd, ...(version ? { version } : {}) } },
    )
  const dir = path.join(root, pipeline.bundleHash)
  if (!existsSync(dir))
    throw new RuninkError(
      ServerCodes.RUNINK_PIPELINE_INVALID,
      `pipeline ${name} version ${pipeline.version}: its bundle is no longer on this server; upload it again`,
      { details: { name, version: pipeline.version } },
    )
  const compiled = await compileBundle(dir, pipeline.feature, herd)
  return { pipeline, created: false, dir, compiled }
}
