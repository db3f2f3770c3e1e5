/**
 * The audit seal. `barn_identity` gives the Barn one id (a UUID made here), which names the key
 * and checkpoint kept outside the Barn; `audit_log.seal` holds HMAC-SHA256(key, 'entry:' ‖
 * hash) of each entry appended by a process holding the key (null before sealing began, or
 * when appended without the key). See docs/barn.md, "The audit seal".
 */
export const auditSeal = `
CREATE TABLE barn_identity (
  id text PRIMARY KEY,
  one boolean NOT NULL DEFAULT true UNIQUE CHECK (one),
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO barn_identity (id) VALUES (gen_random_uuid()::text);
CREATE TRIGGER barn_identity_immutable BEFORE UPDATE OR DELETE ON barn_identity
  FOR EACH ROW EXECUTE FUNCTION runink_reject_change();
ALTER TABLE audit_log ADD COLUMN seal text;
`
