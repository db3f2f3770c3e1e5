import type { ColumnType } from 'kysely'

/** A column read as a number; PostgreSQL returns int8 as text, so rows pass through `toNumber`. */
type Int8 = ColumnType<number | string, number, number>
/** An int8 with a column default: optional on insert. */
type Int8Default = ColumnType<number | string, number | undefined, number>
type Json = ColumnType<unknown, string, never>
type Ts = ColumnType<Date, Date, Date>

/** The Barn's tables as Kysely sees them. See migrations/0001-init.ts for the DDL. */
export interface BarnSchema {
  schema_migrations: { version: number; name: string; applied_at: Ts }
  herds: { name: string; created_at: Ts }
  herd_egress_grants: { herd: string; step: string; granted_at: Ts; granted_by: string }
  herd_path_grants: {
    herd: string
    folder: string
    writable: boolean
    granted_at: Ts
    granted_by: string
  }
  plans: { hash: string; herd: string; name: string; plan: Json; created_at: Ts }
  run_specs: { spec_hash: string; plan_hash: string; spec: Json; created_at: Ts }
  runs: {
    id: string
    herd: string
    spec_hash: string
    plan_hash: string
    idempotency_key: string | null
    status: string
    owner_pid: number | null
    owner_host: string | null
    owner_started_at: Ts | null
    created_at: Ts
    started_at: Ts | null
    finished_at: Ts | null
    error: string | null
  }
  stage_runs: {
    id: string
    run_id: string
    stage: string
    node_hash: string
    status: string
    cache_hit: ColumnType<boolean, boolean | undefined, boolean>
    created_at: Ts
    started_at: Ts | null
    finished_at: Ts | null
    error: string | null
    stats: ColumnType<unknown, string | null | undefined, string | null>
  }
  slices: {
    id: string
    stage_run_id: string
    run_id: string
    partition: number
    attempt: number
    status: string
    isolation: string | null
    created_at: Ts
    started_at: Ts | null
    finished_at: Ts | null
    duration_ms: Int8 | null
    records_in: Int8Default
    records_out: Int8Default
    records_invalid: Int8Default
    error: string | null
  }
  slice_logs: { slice_id: string; seq: Int8; at: Ts; stream: string; line: string }
  datasets: { id: string; herd: string; name: string; created_at: Ts }
  dataset_versions: {
    id: string
    dataset_id: string
    herd: string
    name: string
    version: number
    content_hash: string
    contract_hash: string | null
    size: Int8
    record_count: Int8
    format: string
    object_key: string
    run_id: string | null
    stage_run_id: string | null
    created_at: Ts
  }
  cache_entries: {
    key: string
    herd: string
    node_hash: string
    components: Json
    slice_id: string
    outputs: Json
    created_at: Ts
  }
  lineage_events: {
    id: string
    ol_run_id: string
    run_id: string | null
    job_namespace: string
    job_name: string
    event_type: string
    event_time: Ts
    event: Json
  }
  audit_log: {
    seq: Int8
    at: Ts
    actor: string
    action: string
    resource: string
    herd: string | null
    request_id: string | null
    payload: Json
    prev_hash: string
    hash: string
    seal: string | null
  }
  barn_identity: { id: string; one: boolean; created_at: Ts }
  run_inputs: {
    run_id: string
    uri: string
    ref: string | null
    content_hash: string
    pinned: string
    from_stage: string | null
    created_at: Ts
  }
  stage_cache_keys: {
    stage_run_id: string
    run_id: string
    key: string
    components: Json
    hit: boolean
    created_at: Ts
  }
  api_tokens: {
    id: string
    name: string
    secret_hash: string
    herd: string | null
    role: string
    created_at: Ts
    created_by: string
    expires_at: Ts | null
    revoked_at: Ts | null
    revoked_by: string | null
    last_used_at: Ts | null
  }
  users: {
    id: string
    issuer: string
    subject: string
    email: string | null
    display_name: string | null
    created_at: Ts
    last_seen_at: Ts
  }
  herd_members: {
    id: string
    herd: string | null
    user_id: string
    role: string
    added_at: Ts
    added_by: string
    removed_at: Ts | null
    removed_by: string | null
  }
  user_sessions: {
    id: string
    secret_hash: string
    user_id: string
    created_at: Ts
    expires_at: Ts
    revoked_at: Ts | null
  }
  run_tokens: {
    id: string
    secret_hash: string
    run_id: string
    created_at: Ts
    created_by: string
    expires_at: Ts
    revoked_at: Ts | null
  }
  server_keys: { name: string; material: Json; created_at: Ts }
  herd_roles: {
    herd: string
    name: string
    allow: ColumnType<unknown, string, string>
    deny: ColumnType<unknown, string, string>
    created_at: Ts
    created_by: string
    updated_at: Ts
    updated_by: string
  }
  pipelines: {
    id: string
    herd: string
    name: string
    version: number
    plan_hash: string
    bundle_hash: string
    feature: string
    created_at: Ts
    created_by: string
  }
  pipeline_runs: { run_id: string; pipeline_id: string; created_at: Ts }
  contracts: {
    herd: string
    hash: string
    name: string
    version: string
    document: Json
    created_at: Ts
    created_by: string
  }
}

/** Normalises an int8 read from either driver to a JavaScript number. */
export function toNumber(value: number | string | bigint | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value)
}
