/** The Barn's first schema: every table, and the triggers that make history immutable. */
export const init = `
-- Rejects any UPDATE or DELETE: plans, run specs, dataset versions, logs, lineage and audit
-- are history, and history is only ever appended to.
CREATE FUNCTION runink_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'runink: % rows are immutable (% rejected)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'RI001';
END $$;

-- Freezes the columns named as trigger arguments: mutable rows keep their identity.
CREATE FUNCTION runink_freeze_columns() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE col text;
BEGIN
  FOREACH col IN ARRAY TG_ARGV LOOP
    IF (to_jsonb(OLD) -> col) IS DISTINCT FROM (to_jsonb(NEW) -> col) THEN
      RAISE EXCEPTION 'runink: %.% is immutable', TG_TABLE_NAME, col USING ERRCODE = 'RI001';
    END IF;
  END LOOP;
  RETURN NEW;
END $$;

CREATE TABLE herds (
  name text PRIMARY KEY,
  created_at timestamptz NOT NULL
);

CREATE TABLE plans (
  hash text PRIMARY KEY CHECK (hash ~ '^sha256:[0-9a-f]{64}$'),
  herd text NOT NULL REFERENCES herds(name),
  name text NOT NULL,
  plan jsonb NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX plans_herd_name ON plans (herd, name);

CREATE TABLE run_specs (
  spec_hash text PRIMARY KEY CHECK (spec_hash ~ '^sha256:[0-9a-f]{64}$'),
  plan_hash text NOT NULL REFERENCES plans(hash),
  spec jsonb NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE runs (
  id text PRIMARY KEY,
  herd text NOT NULL REFERENCES herds(name),
  spec_hash text NOT NULL REFERENCES run_specs(spec_hash),
  plan_hash text NOT NULL REFERENCES plans(hash),
  idempotency_key text,
  status text NOT NULL,
  owner_pid integer,
  owner_host text,
  owner_started_at timestamptz,
  created_at timestamptz NOT NULL,
  started_at timestamptz,
  finished_at timestamptz,
  error text,
  UNIQUE (herd, idempotency_key)
);
CREATE INDEX runs_status ON runs (status, created_at);

CREATE TABLE stage_runs (
  id text PRIMARY KEY,
  run_id text NOT NULL REFERENCES runs(id),
  stage text NOT NULL,
  node_hash text NOT NULL,
  status text NOT NULL,
  cache_hit boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  started_at timestamptz,
  finished_at timestamptz,
  error text,
  UNIQUE (run_id, stage)
);

CREATE TABLE slices (
  id text PRIMARY KEY,
  stage_run_id text NOT NULL REFERENCES stage_runs(id),
  run_id text NOT NULL REFERENCES runs(id),
  partition integer NOT NULL,
  attempt integer NOT NULL,
  status text NOT NULL,
  isolation text,
  created_at timestamptz NOT NULL,
  started_at timestamptz,
  finished_at timestamptz,
  duration_ms bigint,
  records_in bigint NOT NULL DEFAULT 0,
  records_out bigint NOT NULL DEFAULT 0,
  records_invalid bigint NOT NULL DEFAULT 0,
  error text,
  UNIQUE (stage_run_id, partition, attempt)
);
CREATE INDEX slices_run ON slices (run_id);

CREATE TABLE slice_logs (
  slice_id text NOT NULL REFERENCES slices(id),
  seq bigint NOT NULL,
  at timestamptz NOT NULL,
  stream text NOT NULL,
  line text NOT NULL,
  PRIMARY KEY (slice_id, seq)
);

CREATE TABLE datasets (
  id text PRIMARY KEY,
  herd text NOT NULL REFERENCES herds(name),
  name text NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (herd, name)
);

CREATE TABLE dataset_versions (
  id text PRIMARY KEY,
  dataset_id text NOT NULL REFERENCES datasets(id),
  herd text NOT NULL,
  name text NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  content_hash text NOT NULL,
  contract_hash text,
  size bigint NOT NULL,
  record_count bigint NOT NULL,
  format text NOT NULL,
  object_key text NOT NULL,
  run_id text REFERENCES runs(id),
  stage_run_id text REFERENCES stage_runs(id),
  created_at timestamptz NOT NULL,
  UNIQUE (dataset_id, version)
);
CREATE INDEX dataset_versions_run ON dataset_versions (run_id);
CREATE INDEX dataset_versions_object ON dataset_versions (object_key);

CREATE TABLE cache_entries (
  key text PRIMARY KEY,
  herd text NOT NULL,
  node_hash text NOT NULL,
  components jsonb NOT NULL,
  slice_id text NOT NULL REFERENCES slices(id),
  outputs jsonb NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE lineage_events (
  id text PRIMARY KEY,
  ol_run_id text NOT NULL,
  run_id text,
  job_namespace text NOT NULL,
  job_name text NOT NULL,
  event_type text NOT NULL,
  event_time timestamptz NOT NULL,
  event jsonb NOT NULL
);
CREATE INDEX lineage_events_run ON lineage_events (run_id);

CREATE TABLE audit_log (
  seq bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  resource text NOT NULL,
  herd text,
  request_id text,
  payload jsonb NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL
);

CREATE TRIGGER plans_immutable BEFORE UPDATE OR DELETE ON plans
  FOR EACH ROW EXECUTE FUNCTION runink_reject_change();
CREATE TRIGGER run_specs_immutable BEFORE UPDATE OR DELETE ON run_specs
  FOR EACH ROW EXECUTE FUNCTION runink_reject_change();
CREATE TRIGGER dataset_versions_immutable BEFORE UPDATE OR DELETE ON dataset_versions
  FOR EACH ROW EXECUTE FUNCTION runink_reject_change();
CREATE TRIGGER slice_logs_immutable BEFORE UPDATE OR DELETE ON slice_logs
  FOR EACH ROW EXECUTE FUNCTION runink_reject_change();
CREATE TRIGGER lineage_events_immutable BEFORE UPDATE OR DELETE ON lineage_events
  FOR EACH ROW EXECUTE FUNCTION runink_reject_change();
CREATE TRIGGER audit_log_immutable BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION runink_reject_change();
CREATE TRIGGER cache_entries_immutable BEFORE UPDATE ON cache_entries
  FOR EACH ROW EXECUTE FUNCTION runink_reject_change();
CREATE TRIGGER datasets_identity BEFORE UPDATE ON datasets
  FOR EACH ROW EXECUTE FUNCTION runink_freeze_columns('id', 'herd', 'name', 'created_at');
CREATE TRIGGER runs_identity BEFORE UPDATE ON runs FOR EACH ROW EXECUTE FUNCTION
  runink_freeze_columns('id', 'herd', 'spec_hash', 'plan_hash', 'idempotency_key', 'created_at');
CREATE TRIGGER stage_runs_identity BEFORE UPDATE ON stage_runs FOR EACH ROW EXECUTE FUNCTION
  runink_freeze_columns('id', 'run_id', 'stage', 'node_hash', 'created_at');
CREATE TRIGGER slices_identity BEFORE UPDATE ON slices FOR EACH ROW EXECUTE FUNCTION
  runink_freeze_columns('id', 'stage_run_id', 'run_id', 'partition', 'attempt', 'created_at');
CREATE TRIGGER runs_no_delete BEFORE DELETE ON runs
  FOR EACH ROW EXECUTE FUNCTION runink_reject_change();
CREATE TRIGGER stage_runs_no_delete BEFORE DELETE ON stage_runs
  FOR EACH ROW EXECUTE FUNCTION runink_reject_change();
CREATE TRIGGER slices_no_delete BEFORE DELETE ON slices
  FOR EACH ROW EXECUTE FUNCTION runink_reject_change();
CREATE TRIGGER datasets_no_delete BEFORE DELETE ON datasets
  FOR EACH ROW EXECUTE FUNCTION runink_reject_change();
`
