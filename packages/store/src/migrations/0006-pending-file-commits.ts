/**
 * File sinks waiting to be put in place. A stage's file outputs are written beside their
 * targets under a temporary name, each recorded here first (`committed` false); the stage's
 * commit transaction (its dataset versions, its success, its cache entry) marks them committed
 * with their object key, and only then are they renamed into place and their rows deleted. A
 * process killed in between leaves rows that the next open of the Barn finishes: committed
 * ones are put in place (from the temporary file, or from the object store), the others are
 * removed.
 */
export const pendingFileCommits = `
CREATE TABLE pending_file_commits (
  id text PRIMARY KEY,
  run_id text NOT NULL REFERENCES runs(id),
  stage_run_id text NOT NULL REFERENCES stage_runs(id),
  target text NOT NULL,
  temp text NOT NULL,
  object_key text,
  committed boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  CHECK (NOT committed OR object_key IS NOT NULL)
);
CREATE INDEX pending_file_commits_stage ON pending_file_commits (stage_run_id);
CREATE INDEX pending_file_commits_run ON pending_file_commits (run_id);
`
