/**
 * Custom roles: a herd's own roles beside viewer, editor and admin, each a list of
 * `verb:resource-glob` permissions allowed and denied (deny wins; what no rule allows is
 * denied). A herd member may hold one instead of a built-in role, so `herd_members.role` takes
 * any role name (the repository checks a custom one exists in the herd). Rows are kept; a
 * redefinition replaces the lists and is audited.
 */
export const customRoles = `
CREATE TABLE herd_roles (
  herd text NOT NULL REFERENCES herds(name),
  name text NOT NULL CHECK (name ~ '^[a-z][a-z0-9-]{0,62}$'
    AND name NOT IN ('viewer', 'editor', 'admin')),
  allow jsonb NOT NULL,
  deny jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by text NOT NULL,
  PRIMARY KEY (herd, name)
);
CREATE TRIGGER herd_roles_identity BEFORE UPDATE ON herd_roles FOR EACH ROW EXECUTE FUNCTION
  runink_freeze_columns('herd', 'name', 'created_at', 'created_by');
CREATE TRIGGER herd_roles_no_delete BEFORE DELETE ON herd_roles
  FOR EACH ROW EXECUTE FUNCTION runink_reject_change();
ALTER TABLE herd_members DROP CONSTRAINT herd_members_role_check;
ALTER TABLE herd_members ADD CONSTRAINT herd_members_role_check
  CHECK (role ~ '^[a-z][a-z0-9-]{0,62}$');
`
