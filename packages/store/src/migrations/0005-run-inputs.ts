/**
 * What a run read and why a stage was (or was not) a cache hit. `run_inputs` holds a run's
 * pins: each source URI its stages read, bound to the exact dataset version (`ref`, null for a
 * file) and the content hash of its bytes, and how it was bound (`pinned`): `stage` (written by
 * `from_stage` in this run), `run-start` (the version current when the run started), `explicit`
 * (`dataset://x@3` as written) or `file`. `stage_cache_keys` holds each stage run's cache key,
 * the components it was computed from, and whether it hit.
 */
export const runInputs = `
CREATE TABLE run_inputs (
  run_id text NOT NULL REFERENCES runs(id),
  uri text NOT NULL,
  ref text,
  content_hash text NOT NULL,
  pinned text NOT NULL CHECK (pinned IN ('stage', 'run-start', 'explicit', 'file')),
  from_stage text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (run_id, uri)
);
CREATE TABLE stage_cache_keys (
  stage_run_id text PRIMARY KEY REFERENCES stage_runs(id),
  run_id text NOT NULL REFERENCES runs(id),
  key text NOT NULL,
  components jsonb NOT NULL,
  hit boolean NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX stage_cache_keys_run ON stage_cache_keys (run_id);
CREATE TRIGGER run_inputs_immutable BEFORE UPDATE OR DELETE ON run_inputs
  FOR EACH ROW EXECUTE FUNCTION runink_reject_change();
CREATE TRIGGER stage_cache_keys_immutable BEFORE UPDATE OR DELETE ON stage_cache_keys
  FOR EACH ROW EXECUTE FUNCTION runink_reject_change();
`
