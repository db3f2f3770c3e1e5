import type { Plan, PlanDisplay, PlanStage, PlanStep } from '../plan/plan.js'
import { CONNECTED_SCHEMES, notEnforcedMark } from '../check/not-enforced.js'
import { formatBytes, formatCpu, formatMs } from './format-units.js'

const NO_CONNECTOR = `  ${notEnforcedMark('scheme')}`
const schemeMark = (scheme: string): string => (CONNECTED_SCHEMES.has(scheme) ? '' : NO_CONNECTOR)

function describeStep(step: PlanStep): string {
  const io = [
    step.in === undefined ? '' : `in ${step.in.name}@${step.in.version}`,
    step.out === undefined ? '' : `out ${step.out.name}@${step.out.version}`,
  ]
    .filter(Boolean)
    .join(', ')
  const params = Object.entries(step.params)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : JSON.stringify(v)}`)
    .join(' ')
  const what =
    step.kind === 'module'
      ? `${step.name} (from ${step.module})`
      : step.kind === 'exec'
        ? `exec: ${step.command}`
        : step.name
  return [what, params, io === '' ? '' : `[${io}]`].filter(Boolean).join(' ')
}

function describeStage(
  s: PlanStage,
  n: number,
  featureHerd: string,
  display?: PlanDisplay,
): string[] {
  const d = display?.stages[s.id]
  const herd =
    s.herd === featureHerd
      ? `herd ${s.herd}`
      : `herd ${s.herd} ${notEnforcedMark('herd')}: runs in herd ${featureHerd}`
  const lines = [`${n}. ${s.name}  (${s.id}, ${herd})`]
  for (const p of d?.description ?? []) lines.push(`   ${p}`)
  for (const l of d?.narrative ?? []) lines.push(`   ${l.keyword} ${l.text}`)
  for (const src of s.sources) {
    const extra = [
      src.fromStage === undefined ? '' : `written by ${src.fromStage}`,
      `${src.mode} validation`,
      src.window === undefined
        ? ''
        : `window ${src.window.kind} ${formatMs(src.window.sizeMs ?? src.window.gapMs ?? 0)}${src.window.everyMs === undefined ? '' : ` every ${formatMs(src.window.everyMs)}`} ${notEnforcedMark('window')}`,
    ].filter(Boolean)
    lines.push(`   reads   ${src.uri}  (${extra.join(', ')})${schemeMark(src.scheme)}`)
  }
  if (s.steps.length === 0) lines.push('   does    nothing but validate')
  s.steps.forEach((step, i) =>
    lines.push(`   ${i === 0 ? 'does   ' : '       '} ${i + 1}) ${describeStep(step)}`),
  )
  for (const a of s.auto)
    lines.push(
      `   proposes (after step ${a.position}, needs approval): ${a.prompt}  ${notEnforcedMark('auto')}`,
    )
  lines.push(
    `   checks  contract ${s.contract.name}@${s.contract.version} (${s.contract.hash.slice(0, 19)}…)`,
  )
  for (const k of s.sinks) {
    const what = k.when === undefined ? 'valid records' : `records where ${k.when}`
    lines.push(
      `   writes  ${k.uri}  (${what}${k.role === undefined ? '' : `, as role ${k.role} sees them`})${schemeMark(k.scheme)}`,
    )
  }
  if (s.allowEmpty === true)
    lines.push('   empty   allowed: the stage succeeds even when it writes no valid record')
  const dlq = s.sinks.filter((k) => k.acceptsInvalid).map((k) => k.uri)
  lines.push(
    `   invalid records → ${dlq.length > 0 ? dlq.join(', ') : 'none accepted: the stage fails on the first one'}`,
  )
  const r = s.resources
  const res = [
    r.cpuMillis === undefined ? '' : `cpu ${formatCpu(r.cpuMillis)}`,
    r.memoryBytes === undefined ? '' : `memory ${formatBytes(r.memoryBytes)}`,
    r.diskBytes === undefined ? '' : `disk ${formatBytes(r.diskBytes)}`,
    r.gpu === undefined ? '' : `gpu ${r.gpu} ${notEnforcedMark('gpu')}`,
    r.timeoutMs === undefined ? '' : `timeout ${formatMs(r.timeoutMs)}`,
  ].filter(Boolean)
  lines.push(
    `   resources ${res.length === 0 ? 'defaults' : res.join(', ')}; ${s.parallelism.n === 1 ? '1 slice' : `${s.parallelism.n} slices${s.parallelism.by === undefined ? '' : ` by ${s.parallelism.by}`}`}; cache ${s.cache ? 'on' : 'off'}`,
  )
  lines.push(
    `   retry   ${s.retry.attempts <= 1 ? 'none' : `${s.retry.attempts} attempts, ${s.retry.backoff} backoff from ${formatMs(s.retry.initialMs)} up to ${formatMs(s.retry.maxMs)}`}`,
  )
  for (const a of s.asserts) lines.push(`   asserts ${a}`)
  if (s.after.length > 0) lines.push(`   after   ${s.after.join(', ')}`)
  if (s.emits.length > 0)
    lines.push(`   emits   ${s.emits.join(', ')}  ${notEnforcedMark('emits')}`)
  const labels = Object.entries(s.affinity.labels).map(([k, v]) => `${k}=${v}`)
  if (labels.length + s.affinity.colocateWith.length > 0)
    lines.push(
      `   placed  ${[...labels, ...s.affinity.colocateWith.map((c) => `next to ${c}`)].join(', ')}  ${notEnforcedMark('affinity')}`,
    )
  if (s.golden !== undefined) lines.push(`   golden  ${s.golden}  ${notEnforcedMark('golden')}`)
  const meta = Object.entries(s.module).map(([k, v]) => `${k}=${v}`)
  if (meta.length > 0) lines.push(`   module  ${meta.join(', ')}`)
  return lines
}

/** The plan for people: stages in order, what each reads, does and writes, and how it runs. */
export function explainPlan(plan: Plan, display?: PlanDisplay): string {
  const f = plan.feature
  const lines = [`Feature: ${f.name}  (version ${f.version}, herd ${f.herd})`]
  for (const p of display?.feature.description ?? []) lines.push(`  ${p}`)
  lines.push(`${plan.stages.length} stage${plan.stages.length === 1 ? '' : 's'}, in order:`, '')
  plan.stages.forEach((s, i) => lines.push(...describeStage(s, i + 1, f.herd, display), ''))
  if (plan.modules.length > 0) {
    lines.push('Step modules:')
    for (const m of plan.modules)
      lines.push(`  ${m.path}  sha256 ${m.sha256.slice(0, 12)}…  (${m.steps.join(', ')})`)
  }
  lines.push('Contracts:')
  for (const c of plan.contracts) lines.push(`  ${c.name}@${c.version}  ${c.hash}`)
  return lines.join('\n')
}
