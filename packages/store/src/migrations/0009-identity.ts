/**
 * People and the credentials derived from them, for the control plane:
 * - `users`: one row per OpenID Connect identity (issuer + subject), with what the provider said
 *   of them last (email, display name) and when they were last seen;
 * - `herd_members`: a user's role in a herd, or in every herd when `herd` is null (an instance
 *   member: with the admin role, an instance admin). A row is never deleted: a removal or a role
 *   change closes it (`removed_at`, `removed_by`) and a change opens a new row, so the table is
 *   the whole history; at most one open row per user and herd;
 * - `user_sessions`: server-side sessions of the console (and of the CLI's renewals); only the
 *   hex SHA-256 of the session secret is stored;
 * - `run_tokens`: credentials confined to one run, only their secret's hash stored;
 * - `server_keys`: key material the server makes once and keeps (the JWT signing key), by name.
 */
export const identity = `
CREATE TABLE users (
  id text PRIMARY KEY,
  issuer text NOT NULL CHECK (length(issuer) BETWEEN 1 AND 2048),
  subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
  email text CHECK (length(email) <= 320),
  display_name text CHECK (length(display_name) <= 200),
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  UNIQUE (issuer, subject)
);
CREATE TRIGGER users_identity BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION
  runink_freeze_columns('id', 'issuer', 'subject', 'created_at');
CREATE TRIGGER users_no_delete BEFORE DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION runink_reject_change();

CREATE TABLE herd_members (
  id text PRIMARY KEY,
  herd text REFERENCES herds(name),
  user_id text NOT NULL REFERENCES users(id),
  role text NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
  added_at timestamptz NOT NULL,
  added_by text NOT NULL,
  removed_at timestamptz,
  removed_by text,
  CHECK ((removed_at IS NULL) = (removed_by IS NULL))
);
CREATE UNIQUE INDEX herd_members_open ON herd_members (coalesce(herd, ''), user_id)
  WHERE removed_at IS NULL;
CREATE INDEX herd_members_user ON herd_members (user_id);
CREATE TRIGGER herd_members_identity BEFORE UPDATE ON herd_members FOR EACH ROW EXECUTE FUNCTION
  runink_freeze_columns('id', 'herd', 'user_id', 'role', 'added_at', 'added_by');
CREATE TRIGGER herd_members_removed BEFORE UPDATE ON herd_members FOR EACH ROW
  WHEN (OLD.removed_at IS NOT NULL)
  EXECUTE FUNCTION runink_freeze_columns('removed_at', 'removed_by');
CREATE TRIGGER herd_members_no_delete BEFORE DELETE ON herd_members
  FOR EACH ROW EXECUTE FUNCTION runink_reject_change();

CREATE TABLE user_sessions (
  id text PRIMARY KEY,
  secret_hash text NOT NULL UNIQUE CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
  user_id text NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL CHECK (expires_at > created_at),
  revoked_at timestamptz
);
CREATE INDEX user_sessions_user ON user_sessions (user_id);
CREATE TRIGGER user_sessions_identity BEFORE UPDATE ON user_sessions FOR EACH ROW
  EXECUTE FUNCTION runink_freeze_columns('id', 'secret_hash', 'user_id', 'created_at',
    'expires_at');
CREATE TRIGGER user_sessions_revoked BEFORE UPDATE ON user_sessions FOR EACH ROW
  WHEN (OLD.revoked_at IS NOT NULL)
  EXECUTE FUNCTION runink_freeze_columns('revoked_at');

CREATE TABLE run_tokens (
  id text PRIMARY KEY,
  secret_hash text NOT NULL UNIQUE CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
  run_id text NOT NULL REFERENCES runs(id),
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  expires_at timestamptz NOT NULL CHECK (expires_at > created_at),
  revoked_at timestamptz
);
CREATE INDEX run_tokens_run ON run_tokens (run_id);
CREATE TRIGGER run_tokens_identity BEFORE UPDATE ON run_tokens FOR EACH ROW EXECUTE FUNCTION
  runink_freeze_columns('id', 'secret_hash', 'run_id', 'created_at', 'created_by', 'expires_at');
CREATE TRIGGER run_tokens_revoked BEFORE UPDATE ON run_tokens FOR EACH ROW
  WHEN (OLD.revoked_at IS NOT NULL)
  EXECUTE FUNCTION runink_freeze_columns('revoked_at');
CREATE TRIGGER run_tokens_no_delete BEFORE DELETE ON run_tokens
  FOR EACH ROW EXECUTE FUNCTION runink_reject_change();

CREATE TABLE server_keys (
  name text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9-]{0,62}$'),
  material jsonb NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE TRIGGER server_keys_frozen BEFORE UPDATE OR DELETE ON server_keys
  FOR EACH ROW EXECUTE FUNCTION runink_reject_change();
`
