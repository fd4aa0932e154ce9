-- Exchange hub (政务数据共享交换平台): the records each published resource holds, its change log, ingest
-- batches, quarantine, pull connectors (前置库), subscriptions and deliveries.
--
-- Scale-out: the two big tables (exchange_record, exchange_change) are hash-partitioned by resource_id and every
-- table that grows with traffic carries resource_id, the column Citus would distribute them by. No foreign key
-- points into the big tables, and they point at nothing, so each shard stands alone.

-- One row per resource that has ever received data: its change-log head and how much it holds. A batch locks this
-- row (SELECT … FOR UPDATE) for its whole transaction, so sequence numbers are gap-free and batches of one resource
-- apply one after another.
CREATE TABLE exchange_stream (
  resource_id    uuid PRIMARY KEY,
  department_id  uuid NOT NULL,
  last_seq       bigint NOT NULL DEFAULT 0,
  records_held   bigint NOT NULL DEFAULT 0,
  last_change_at timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now()
);

-- The current records. `data` maps item name → typed JSON value (strings, numbers, booleans, ISO dates); a catalog
-- revision that adds an item leaves old records without it (read as null), one that retires an item leaves the
-- value in place, so every record stays readable under every version. `record_key` is the canonical key
-- (the key items' values, JSON-encoded as an array). `content_hash` (MD5 of the canonical data) detects no-op
-- updates without comparing documents.
CREATE TABLE exchange_record (
  resource_id  uuid NOT NULL,
  record_key   text NOT NULL,
  data         jsonb NOT NULL,
  content_hash text NOT NULL,
  seq          bigint NOT NULL,
  updated_at   timestamptz NOT NULL,
  PRIMARY KEY (resource_id, record_key)
) PARTITION BY HASH (resource_id);
CREATE TABLE exchange_record_p0 PARTITION OF exchange_record FOR VALUES WITH (MODULUS 8, REMAINDER 0);
CREATE TABLE exchange_record_p1 PARTITION OF exchange_record FOR VALUES WITH (MODULUS 8, REMAINDER 1);
CREATE TABLE exchange_record_p2 PARTITION OF exchange_record FOR VALUES WITH (MODULUS 8, REMAINDER 2);
CREATE TABLE exchange_record_p3 PARTITION OF exchange_record FOR VALUES WITH (MODULUS 8, REMAINDER 3);
CREATE TABLE exchange_record_p4 PARTITION OF exchange_record FOR VALUES WITH (MODULUS 8, REMAINDER 4);
CREATE TABLE exchange_record_p5 PARTITION OF exchange_record FOR VALUES WITH (MODULUS 8, REMAINDER 5);
CREATE TABLE exchange_record_p6 PARTITION OF exchange_record FOR VALUES WITH (MODULUS 8, REMAINDER 6);
CREATE TABLE exchange_record_p7 PARTITION OF exchange_record FOR VALUES WITH (MODULUS 8, REMAINDER 7);

-- The durable change log: per resource, seq 1, 2, 3 … with no gaps. op I insert, U update, D delete; `data` is the
-- whole new record (null for a delete), so a consumer never needs a second read.
CREATE TABLE exchange_change (
  resource_id uuid NOT NULL,
  seq         bigint NOT NULL,
  op          char(1) NOT NULL CHECK (op IN ('I', 'U', 'D')),
  record_key  text NOT NULL,
  data        jsonb,
  batch_id    uuid NOT NULL,
  at          timestamptz NOT NULL,
  PRIMARY KEY (resource_id, seq)
) PARTITION BY HASH (resource_id);
CREATE TABLE exchange_change_p0 PARTITION OF exchange_change FOR VALUES WITH (MODULUS 8, REMAINDER 0);
CREATE TABLE exchange_change_p1 PARTITION OF exchange_change FOR VALUES WITH (MODULUS 8, REMAINDER 1);
CREATE TABLE exchange_change_p2 PARTITION OF exchange_change FOR VALUES WITH (MODULUS 8, REMAINDER 2);
CREATE TABLE exchange_change_p3 PARTITION OF exchange_change FOR VALUES WITH (MODULUS 8, REMAINDER 3);
CREATE TABLE exchange_change_p4 PARTITION OF exchange_change FOR VALUES WITH (MODULUS 8, REMAINDER 4);
CREATE TABLE exchange_change_p5 PARTITION OF exchange_change FOR VALUES WITH (MODULUS 8, REMAINDER 5);
CREATE TABLE exchange_change_p6 PARTITION OF exchange_change FOR VALUES WITH (MODULUS 8, REMAINDER 6);
CREATE TABLE exchange_change_p7 PARTITION OF exchange_change FOR VALUES WITH (MODULUS 8, REMAINDER 7);

-- Every ingest batch (push, upload, connector, seed), applied or rejected: the exchange log of what came in.
-- An applied batch's row commits with its data; a rejected one is written afterwards, on its own.
CREATE TABLE exchange_batch (
  id              uuid PRIMARY KEY,
  resource_id     uuid NOT NULL,
  department_id   uuid NOT NULL,
  source          text NOT NULL CHECK (source IN ('push', 'upload', 'connector', 'seed', 'quarantine')),
  mode            text NOT NULL CHECK (mode IN ('upsert', 'snapshot')),
  on_error        text NOT NULL CHECK (on_error IN ('reject', 'quarantine')),
  idempotency_key text,
  body_hash       text,
  actor_id        text,
  actor_name      text,
  outcome         text NOT NULL CHECK (outcome IN ('applied', 'rejected', 'failed')),
  received        bigint NOT NULL DEFAULT 0,
  inserted        bigint NOT NULL DEFAULT 0,
  updated         bigint NOT NULL DEFAULT 0,
  unchanged       bigint NOT NULL DEFAULT 0,
  deleted         bigint NOT NULL DEFAULT 0,
  rejected        bigint NOT NULL DEFAULT 0,
  bytes           bigint NOT NULL DEFAULT 0,
  first_seq       bigint,
  last_seq        bigint,
  -- rule code → rows that broke it, for the data-quality view
  error_counts    jsonb NOT NULL DEFAULT '{}',
  -- the first rejected rows, each { row, field, code, message }
  errors          jsonb NOT NULL DEFAULT '[]',
  error_message   text,
  started_at      timestamptz NOT NULL,
  duration_ms     integer NOT NULL DEFAULT 0,
  at              timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX exchange_batch_idempotency_idx ON exchange_batch (resource_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL AND outcome = 'applied';
CREATE INDEX exchange_batch_resource_idx ON exchange_batch (resource_id, at DESC);
CREATE INDEX exchange_batch_department_idx ON exchange_batch (department_id, at);

-- Rows set aside by onError=quarantine, until the steward fixes and resubmits or discards them.
CREATE TABLE exchange_quarantine (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  resource_id uuid NOT NULL,
  batch_id    uuid NOT NULL,
  row_no      bigint NOT NULL,
  raw         jsonb NOT NULL,
  errors      jsonb NOT NULL,
  status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resubmitted', 'discarded')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  resolved_by text
);
CREATE INDEX exchange_quarantine_resource_idx ON exchange_quarantine (resource_id, status, created_at);

-- A pull connector (前置库对接): the department's own database, polled for rows past the high-water mark.
-- The password is SM4-encrypted with the platform's secret key and never leaves the server.
CREATE TABLE exchange_connector (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  resource_id        uuid NOT NULL UNIQUE,
  department_id      uuid NOT NULL,
  kind               text NOT NULL CHECK (kind IN ('postgres', 'mysql')),
  host               text NOT NULL,
  port               integer NOT NULL,
  database_name      text NOT NULL,
  username           text NOT NULL,
  password_enc       text NOT NULL,
  source_table       text,
  source_query       text,
  -- source column → item name; items not named map from the column of the same name
  column_map         jsonb NOT NULL DEFAULT '{}',
  incremental_column text NOT NULL,
  -- null: derived from the resource's update cycle
  interval_minutes   integer,
  enabled            boolean NOT NULL DEFAULT true,
  high_water         text,
  status             text NOT NULL DEFAULT 'idle' CHECK (status IN ('idle', 'running', 'ok', 'failed')),
  last_run_at        timestamptz,
  last_error         text,
  next_run_at        timestamptz NOT NULL DEFAULT now(),
  lease_owner        text,
  lease_until        timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CHECK ((source_table IS NULL) <> (source_query IS NULL))
);

CREATE TABLE exchange_connector_run (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  connector_id      uuid NOT NULL REFERENCES exchange_connector (id) ON DELETE CASCADE,
  resource_id       uuid NOT NULL,
  started_at        timestamptz NOT NULL,
  finished_at       timestamptz,
  outcome           text NOT NULL CHECK (outcome IN ('running', 'ok', 'failed')),
  rows_read         bigint NOT NULL DEFAULT 0,
  batches           integer NOT NULL DEFAULT 0,
  high_water_before text,
  high_water_after  text,
  error             text
);
CREATE INDEX exchange_connector_run_idx ON exchange_connector_run (connector_id, started_at DESC);

-- A consumer department's subscription to a resource's changes, optionally to a subset of its items.
-- Pull consumers move acked_seq themselves; webhook delivery moves it when the receiver answers 2xx.
CREATE TABLE exchange_subscription (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  resource_id            uuid NOT NULL,
  consumer_department_id uuid NOT NULL,
  items                  text[],
  mode                   text NOT NULL CHECK (mode IN ('pull', 'webhook')),
  webhook_url            text,
  secret_enc             text,
  status                 text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'dead')),
  acked_seq              bigint NOT NULL DEFAULT 0,
  attempts               integer NOT NULL DEFAULT 0,
  -- 16 attempts with backoff from 1 s doubling to a 10-minute cap: about an hour of receiver outage
  max_attempts           integer NOT NULL DEFAULT 16,
  next_attempt_at        timestamptz NOT NULL DEFAULT now(),
  last_error             text,
  last_delivered_at      timestamptz,
  lease_owner            text,
  lease_until            timestamptz,
  created_by             text,
  created_at             timestamptz NOT NULL DEFAULT now(),
  CHECK ((mode = 'webhook') = (webhook_url IS NOT NULL))
);
CREATE INDEX exchange_subscription_resource_idx ON exchange_subscription (resource_id);
CREATE INDEX exchange_subscription_consumer_idx ON exchange_subscription (consumer_department_id);
CREATE INDEX exchange_subscription_due_idx ON exchange_subscription (next_attempt_at)
  WHERE mode = 'webhook' AND status = 'active';

-- Every delivery: a webhook POST (delivered or failed) or a pull read. The exchange log of what went out.
CREATE TABLE exchange_delivery (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  subscription_id        uuid NOT NULL,
  resource_id            uuid NOT NULL,
  consumer_department_id uuid NOT NULL,
  mode                   text NOT NULL CHECK (mode IN ('pull', 'webhook')),
  from_seq               bigint NOT NULL,
  to_seq                 bigint NOT NULL,
  changes                integer NOT NULL,
  bytes                  bigint NOT NULL DEFAULT 0,
  attempt                integer NOT NULL DEFAULT 1,
  outcome                text NOT NULL CHECK (outcome IN ('delivered', 'failed')),
  status_code            integer,
  error                  text,
  worker                 text,
  duration_ms            integer NOT NULL DEFAULT 0,
  at                     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX exchange_delivery_subscription_idx ON exchange_delivery (subscription_id, at DESC);
CREATE INDEX exchange_delivery_consumer_idx ON exchange_delivery (consumer_department_id, at);

-- A webhook batch that failed max_attempts times. The subscription stops (status 'dead') so order is kept;
-- "redeliver" clears it and delivery resumes from acked_seq.
CREATE TABLE exchange_dead_letter (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  subscription_id uuid NOT NULL REFERENCES exchange_subscription (id) ON DELETE CASCADE,
  resource_id     uuid NOT NULL,
  from_seq        bigint NOT NULL,
  to_seq          bigint NOT NULL,
  attempts        integer NOT NULL,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  redelivered_at  timestamptz,
  redelivered_by  text
);
CREATE INDEX exchange_dead_letter_subscription_idx ON exchange_dead_letter (subscription_id, created_at DESC);
