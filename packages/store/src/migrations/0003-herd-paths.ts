/**
 * Outside folders a herd allows: file sources and sinks resolve inside the feature file's
 * folder unless the herd names an outside folder here (sinks only where `writable`). A grant is
 * a row; revoking deletes it (both are audited).
 */
export const herdPaths = `
CREATE TABLE herd_path_grants (
  herd text NOT NULL REFERENCES herds(name),
  folder text NOT NULL CHECK (length(folder) BETWEEN 1 AND 4096),
  writable boolean NOT NULL,
  granted_at timestamptz NOT NULL,
  granted_by text NOT NULL,
  PRIMARY KEY (herd, folder)
);
`
