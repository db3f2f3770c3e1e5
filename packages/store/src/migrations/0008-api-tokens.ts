/**
 * API tokens: the identity the HTTP control plane (`runi serve`) authenticates requests with.
 * A token holds a role (`viewer`, `editor`, `admin`, core's `HerdRole`) in one herd, or in every
 * herd when `herd` is null. Only the hex SHA-256 of its secret is stored: the secret is shown
 * once, when the token is made. Tokens are revoked, never deleted; what a token is (its name,
 * secret, herd, role, expiry, maker) never changes, and a revocation is never undone.
 */
export const apiTokens = `
CREATE TABLE api_tokens (
  id text PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100 AND name !~ '[[:cntrl:]]'),
  secret_hash text NOT NULL UNIQUE CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
  herd text REFERENCES herds(name),
  role text NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  expires_at timestamptz CHECK (expires_at > created_at),
  revoked_at timestamptz,
  revoked_by text,
  last_used_at timestamptz,
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
CREATE INDEX api_tokens_herd ON api_tokens (herd);
CREATE TRIGGER api_tokens_identity BEFORE UPDATE ON api_tokens FOR EACH ROW EXECUTE FUNCTION
  runink_freeze_columns('id', 'name', 'secret_hash', 'herd', 'role', 'created_at', 'created_by',
    'expires_at');
CREATE TRIGGER api_tokens_revoked BEFORE UPDATE ON api_tokens FOR EACH ROW
  WHEN (OLD.revoked_at IS NOT NULL)
  EXECUTE FUNCTION runink_freeze_columns('revoked_at', 'revoked_by');
CREATE TRIGGER api_tokens_no_delete BEFORE DELETE ON api_tokens
  FOR EACH ROW EXECUTE FUNCTION runink_reject_change();
`
