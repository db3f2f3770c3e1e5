/**
 * Versioned pipelines: a bundle uploaded to the control plane (a feature file with its
 * contracts, steps and local data) becomes version 1, 2, 3… of the pipeline the feature names,
 * per herd. A version is history: never changed, never deleted. `pipeline_runs` records which
 * version a run submitted to the server ran (runs themselves are made by the engine).
 */
export const pipelines = `
CREATE TABLE pipelines (
  id text PRIMARY KEY,
  herd text NOT NULL REFERENCES herds(name),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 256),
  version integer NOT NULL CHECK (version >= 1),
  plan_hash text NOT NULL CHECK (plan_hash ~ '^sha256:[0-9a-f]{64}$'),
  bundle_hash text NOT NULL CHECK (bundle_hash ~ '^[0-9a-f]{64}$'),
  feature text NOT NULL CHECK (length(feature) BETWEEN 1 AND 512),
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  UNIQUE (herd, name, version)
);
CREATE TABLE pipeline_runs (
  run_id text PRIMARY KEY REFERENCES runs(id),
  pipeline_id text NOT NULL REFERENCES pipelines(id),
  created_at timestamptz NOT NULL
);
CREATE INDEX pipeline_runs_pipeline ON pipeline_runs (pipeline_id);
CREATE TRIGGER pipelines_immutable BEFORE UPDATE OR DELETE ON pipelines
  FOR EACH ROW EXECUTE FUNCTION runink_reject_change();
CREATE TRIGGER pipeline_runs_immutable BEFORE UPDATE OR DELETE ON pipeline_runs
  FOR EACH ROW EXECUTE FUNCTION runink_reject_change();
`
