/**
 * Network egress grants: a slice runs without a network unless its herd grants egress to one
 * of its steps. A grant is a row; revoking deletes it (both are audited).
 */
export const herdEgress = `
CREATE TABLE herd_egress_grants (
  herd text NOT NULL REFERENCES herds(name),
  step text NOT NULL CHECK (length(step) BETWEEN 1 AND 200),
  granted_at timestamptz NOT NULL,
  granted_by text NOT NULL,
  PRIMARY KEY (herd, step)
);
`
