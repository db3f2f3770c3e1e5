/**
 * The contracts registry: each contract document a herd's runs and pipeline uploads used, kept
 * by its content hash (`sha256:` of the canonical model, as `runi contract hash` prints and as
 * plans and dataset versions carry). A row is immutable; registering the same hash in the herd
 * again changes nothing. `document` is the normalised model as JSON (`json`, not `jsonb`, so the
 * declared field order is kept).
 */
export const contracts = `
CREATE TABLE contracts (
  herd text NOT NULL REFERENCES herds(name),
  hash text NOT NULL CHECK (hash ~ '^sha256:[0-9a-f]{64}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 256),
  version text NOT NULL CHECK (length(version) BETWEEN 1 AND 256),
  document json NOT NULL,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  PRIMARY KEY (herd, hash)
);
CREATE INDEX contracts_name ON contracts (herd, name);
CREATE TRIGGER contracts_immutable BEFORE UPDATE OR DELETE ON contracts
  FOR EACH ROW EXECUTE FUNCTION runink_reject_change();
`
