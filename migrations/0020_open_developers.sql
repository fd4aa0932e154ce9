-- 公共数据开放: registered developers (开发者), their API keys with daily quotas and usage, and their applications
-- for 有条件开放 datasets.

-- The developer role: a self-registered member of the public, city-scoped. The CHECK was declared inline in 0001,
-- so both engines named it role_assignment_role_check; it is named explicitly from here on.
ALTER TABLE role_assignment DROP CONSTRAINT role_assignment_role_check;
ALTER TABLE role_assignment ADD CONSTRAINT role_assignment_role_check
  CHECK (role IN ('platform_admin', 'dept_steward', 'dept_consumer', 'service_staff', 'auditor', 'citizen',
                  'developer'));

-- Self-registration: one pending registration per contact (an email or a mainland mobile number). The code is kept
-- only as its SM3 digest; a wrong guess counts against it and the fifth kills it; using it stamps used_at, so a
-- replay finds nothing to verify. A re-request replaces the row (a new code, the attempts back to zero).
CREATE TABLE identity_registration (
  contact       text PRIMARY KEY,
  contact_kind  text NOT NULL CHECK (contact_kind IN ('email', 'mobile')),
  display_name  text NOT NULL,
  password_hash text NOT NULL,
  code_hash     text NOT NULL,
  expires_at    timestamptz NOT NULL,
  attempts      integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  used_at       timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- Every code sent, by contact and by client address: what the per-contact and per-address send limits count.
CREATE TABLE identity_registration_send (
  contact    text NOT NULL,
  client     text NOT NULL,
  sent_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX identity_registration_send_contact_idx ON identity_registration_send (contact, sent_at);
CREATE INDEX identity_registration_send_client_idx ON identity_registration_send (client, sent_at);

-- A developer's API keys for the open API: the secret is shown once and only its SM3 digest kept; found by the
-- prefix. daily_quota NULL means the configured default (OPEN_KEY_DAILY_QUOTA), so changing the default moves
-- every key the operator has not set by hand.
CREATE TABLE open_api_key (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  developer_id uuid NOT NULL REFERENCES app_user (id),
  name         text NOT NULL,
  prefix       text NOT NULL UNIQUE,
  secret_hash  text NOT NULL,
  daily_quota  integer CHECK (daily_quota IS NULL OR daily_quota >= 0),
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX open_api_key_developer_idx ON open_api_key (developer_id);

-- Calls, rows returned and downloads of the open API per day, per key ('k:' || key id) or, for anonymous callers,
-- per client address ('a:' || a digest of the address): the daily quotas count against it and the console draws a key's last 30
-- days from it. Counted in memory and added every few seconds, like open_usage.
CREATE TABLE open_meter (
  day       date   NOT NULL,
  subject   text   NOT NULL,
  calls     bigint NOT NULL DEFAULT 0 CHECK (calls >= 0),
  rows      bigint NOT NULL DEFAULT 0 CHECK (rows >= 0),
  downloads bigint NOT NULL DEFAULT 0 CHECK (downloads >= 0),
  PRIMARY KEY (subject, day)
);

-- 有条件开放 applications: a developer asks for a conditional dataset (a catalog resource) for a purpose, some of its
-- items (never sensitive ones) and a period of at most a year; the resource's department's steward (or the
-- operator) approves or rejects with a reason, and may revoke an approval later. One open application (pending or
-- approved) per developer and resource.
CREATE TABLE open_application (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  developer_id  uuid NOT NULL REFERENCES app_user (id),
  resource_id   uuid NOT NULL,
  department_id uuid NOT NULL REFERENCES department (id),
  purpose       text NOT NULL,
  items         text[] NOT NULL,
  period_start  date NOT NULL,
  period_end    date NOT NULL,
  status        text NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'approved', 'rejected', 'revoked')),
  reason        text,
  decided_by    uuid REFERENCES app_user (id),
  decided_at    timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (period_end >= period_start)
);
CREATE INDEX open_application_developer_idx ON open_application (developer_id, created_at DESC);
CREATE INDEX open_application_department_idx ON open_application (department_id, status, created_at DESC);
CREATE UNIQUE INDEX open_application_open_uq ON open_application (developer_id, resource_id)
  WHERE status IN ('pending', 'approved');
