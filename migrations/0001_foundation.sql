-- Foundation: regions (GB/T 2260 and below), departments, users and roles, sessions, API keys,
-- login attempts and the hash-chained audit log.

CREATE TABLE region (
  code        text PRIMARY KEY,
  name        text NOT NULL,
  level       text NOT NULL CHECK (level IN ('province', 'city', 'district', 'town', 'village')),
  parent_code text REFERENCES region (code)
);
CREATE INDEX region_parent_idx ON region (parent_code);
CREATE INDEX region_level_idx ON region (level);

CREATE TABLE department (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  key         text UNIQUE,
  name        text NOT NULL UNIQUE,
  short_name  text NOT NULL,
  uscc        text NOT NULL UNIQUE CHECK (length(uscc) = 18),
  region_code text NOT NULL REFERENCES region (code),
  parent_id   uuid REFERENCES department (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX department_parent_idx ON department (parent_id);

CREATE TABLE app_user (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username      text NOT NULL UNIQUE,
  display_name  text NOT NULL,
  password_hash text NOT NULL,
  department_id uuid REFERENCES department (id),
  status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz
);
CREATE INDEX app_user_department_idx ON app_user (department_id);

CREATE TABLE role_assignment (
  user_id       uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  role          text NOT NULL CHECK (role IN ('platform_admin', 'dept_steward', 'dept_consumer',
                                              'service_staff', 'auditor', 'citizen')),
  department_id uuid REFERENCES department (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE NULLS NOT DISTINCT (user_id, role, department_id)
);
CREATE INDEX role_assignment_user_idx ON role_assignment (user_id);

CREATE TABLE session (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash   text NOT NULL UNIQUE,
  csrf_token   text NOT NULL,
  user_id      uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  ip           text,
  user_agent   text,
  revoked_at   timestamptz
);
CREATE INDEX session_user_idx ON session (user_id);

CREATE TABLE api_key (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name          text NOT NULL,
  prefix        text NOT NULL UNIQUE,
  secret_hash   text NOT NULL,
  department_id uuid NOT NULL REFERENCES department (id),
  role          text NOT NULL DEFAULT 'dept_consumer' CHECK (role IN ('dept_consumer', 'dept_steward')),
  created_by    uuid REFERENCES app_user (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz,
  last_used_at  timestamptz,
  revoked_at    timestamptz,
  revoked_by    uuid REFERENCES app_user (id)
);
CREATE INDEX api_key_department_idx ON api_key (department_id);

CREATE TABLE login_attempt (
  id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL,
  ip       text NOT NULL,
  success  boolean NOT NULL,
  at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempt_username_idx ON login_attempt (username, at);
CREATE INDEX login_attempt_ip_idx ON login_attempt (ip, at);

-- id is gap-free and assigned under a lock together with prev_hash, so the chain has one order.
CREATE TABLE audit_log (
  id            bigint PRIMARY KEY,
  at            timestamptz NOT NULL,
  actor_id      text,
  actor_name    text,
  actor_kind    text NOT NULL CHECK (actor_kind IN ('user', 'apikey', 'system', 'anonymous')),
  action        text NOT NULL,
  object_type   text,
  object_id     text,
  department_id uuid,
  ip            text,
  request_id    text,
  outcome       text NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
  details       jsonb NOT NULL DEFAULT '{}',
  prev_hash     text NOT NULL,
  hash          text NOT NULL
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_name, at);
CREATE INDEX audit_log_action_idx ON audit_log (action, at);
CREATE INDEX audit_log_object_idx ON audit_log (object_type, object_id);

-- Append-only: the application never updates or deletes audit entries. Someone with the rights to
-- drop this trigger can still tamper; the SM3 hash chain is what detects that.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
