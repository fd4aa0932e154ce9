-- Sharing (政务信息共享网站): security agreements, access requests and their approvals, grants, and the usage
-- counters that enforce quotas and feed the usage charts. Every data access itself is an audit_log entry.

-- 安全保密协议: signed between the platform operator and a using unit. A department holds grants only while it
-- has an agreement in force (valid_from ≤ today ≤ valid_to, not revoked); when the last one lapses its grants are
-- suspended (not revoked: a new agreement restores them). Dates are days in China Standard Time.
CREATE TABLE sharing_agreement (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  department_id uuid NOT NULL REFERENCES department (id),
  title         text NOT NULL,
  parties       text NOT NULL,
  signed_on     date NOT NULL,
  valid_from    date NOT NULL,
  valid_to      date NOT NULL,
  file_name     text NOT NULL,
  file_size     integer NOT NULL,
  file_sm3      text NOT NULL,
  file_content  bytea NOT NULL,
  created_by    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz,
  revoked_by    text,
  revoke_reason text,
  CHECK (valid_to >= valid_from)
);
CREATE INDEX sharing_agreement_department_idx ON sharing_agreement (department_id, valid_to);

-- The operator's settings: one row. Requests unanswered after response_hours are flagged; with
-- second_approval_sensitive, an approval that includes sensitive items waits for the operator too.
CREATE TABLE sharing_policy (
  id                        boolean PRIMARY KEY DEFAULT true CHECK (id),
  response_hours            integer NOT NULL DEFAULT 72 CHECK (response_hours > 0),
  second_approval_sensitive boolean NOT NULL DEFAULT true,
  max_query_limit           integer NOT NULL DEFAULT 500 CHECK (max_query_limit BETWEEN 1 AND 10000),
  updated_by                text,
  updated_at                timestamptz NOT NULL DEFAULT now()
);
INSERT INTO sharing_policy (id) VALUES (true);

-- A consumer department's request for a resource (有条件共享), or the record of a self-service grant (无条件共享,
-- status approved at once). Items, modes and period are what was asked; approved_* what the provider allowed.
CREATE TABLE sharing_request (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  resource_id            uuid NOT NULL,
  provider_department_id uuid NOT NULL REFERENCES department (id),
  consumer_department_id uuid NOT NULL REFERENCES department (id),
  api_key_id             uuid REFERENCES api_key (id),
  items                  text[] NOT NULL,
  unmasked_items         text[] NOT NULL DEFAULT '{}',
  purpose                text NOT NULL,
  legal_basis            text NOT NULL,
  usage_modes            text[] NOT NULL,
  period_from            date NOT NULL,
  period_to              date NOT NULL,
  expected_daily_volume  integer,
  status                 text NOT NULL CHECK (status IN ('pending', 'second_review', 'approved', 'rejected', 'withdrawn')),
  approved_items         text[],
  approved_unmasked      text[],
  approved_to            date,
  daily_quota            integer,
  reason                 text,
  first_decided_by       text,
  first_decided_at       timestamptz,
  second_decided_by      text,
  second_decided_at      timestamptz,
  due_at                 timestamptz NOT NULL,
  grant_id               uuid,
  created_by             text,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  CHECK (period_to >= period_from)
);
CREATE INDEX sharing_request_provider_idx ON sharing_request (provider_department_id, status, due_at);
CREATE INDEX sharing_request_consumer_idx ON sharing_request (consumer_department_id, created_at DESC);
CREATE INDEX sharing_request_status_idx ON sharing_request (status, due_at);

CREATE TABLE sharing_attachment (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  request_id   uuid NOT NULL REFERENCES sharing_request (id) ON DELETE CASCADE,
  file_name    text NOT NULL,
  content_type text NOT NULL,
  file_size    integer NOT NULL,
  file_sm3     text NOT NULL,
  content      bytea NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sharing_attachment_request_idx ON sharing_attachment (request_id);

-- A right to use a resource: which consumer (optionally only one of its API keys), which items, which of them in
-- clear, for which purpose and usage modes, from when until when, with an optional daily quota and rate limit.
-- Revocation is a timestamp read on every call, so it takes effect on the next request in every process.
CREATE TABLE sharing_grant (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  resource_id            uuid NOT NULL,
  provider_department_id uuid NOT NULL REFERENCES department (id),
  consumer_department_id uuid NOT NULL REFERENCES department (id),
  api_key_id             uuid REFERENCES api_key (id),
  request_id             uuid REFERENCES sharing_request (id),
  source                 text NOT NULL CHECK (source IN ('self_service', 'approval')),
  items                  text[] NOT NULL,
  unmasked_items         text[] NOT NULL DEFAULT '{}',
  purpose                text NOT NULL,
  usage_modes            text[] NOT NULL,
  valid_from             timestamptz NOT NULL,
  valid_to               timestamptz NOT NULL,
  daily_quota            integer CHECK (daily_quota > 0),
  rate_per_minute        integer CHECK (rate_per_minute > 0),
  expected_daily_volume  integer,
  revoked_at             timestamptz,
  revoked_by             text,
  revoke_reason          text,
  created_by             text,
  created_at             timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_to > valid_from)
);
CREATE INDEX sharing_grant_access_idx ON sharing_grant (resource_id, consumer_department_id);
CREATE INDEX sharing_grant_provider_idx ON sharing_grant (provider_department_id, created_at DESC);
CREATE INDEX sharing_grant_consumer_idx ON sharing_grant (consumer_department_id, created_at DESC);

-- Calls per grant and day (China Standard Time): the quota counter (incremented in the transaction that writes
-- the call's audit entry) and the series behind the usage charts and the unusual-volume check.
CREATE TABLE sharing_usage (
  grant_id    uuid NOT NULL REFERENCES sharing_grant (id),
  day         date NOT NULL,
  resource_id uuid NOT NULL,
  calls       bigint NOT NULL DEFAULT 0,
  records     bigint NOT NULL DEFAULT 0,
  denied      bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (grant_id, day)
);
CREATE INDEX sharing_usage_day_idx ON sharing_usage (day);

-- A day on which a grant was used far above its usual pattern; raised once per grant and day.
CREATE TABLE sharing_usage_flag (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  grant_id        uuid NOT NULL REFERENCES sharing_grant (id),
  day             date NOT NULL,
  calls           bigint NOT NULL,
  baseline        double precision NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  acknowledged_at timestamptz,
  acknowledged_by text,
  UNIQUE (grant_id, day)
);
