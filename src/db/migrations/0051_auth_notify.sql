-- Servers keep who a session belongs to for a few seconds. Whatever can take rights away (a
-- session revoked, a user disabled or given a new password, a grant added, changed or removed)
-- announces the user on channel auth_changed when it commits, so every server process drops that
-- user's cached sessions at once, whichever code path made the change.
CREATE FUNCTION notify_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('auth_changed', (to_jsonb(COALESCE(NEW, OLD)) ->> TG_ARGV[0]));
  RETURN NULL;
END $$;

CREATE TRIGGER sessions_auth_changed AFTER UPDATE OF revoked_at, expires_at OR DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION notify_auth_changed('user_id');
CREATE TRIGGER users_auth_changed AFTER UPDATE OF disabled, password_hash, username, display_name OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION notify_auth_changed('id');
CREATE TRIGGER role_grants_auth_changed AFTER INSERT OR UPDATE OR DELETE ON role_grants
  FOR EACH ROW EXECUTE FUNCTION notify_auth_changed('user_id');
