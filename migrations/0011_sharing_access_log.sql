-- Data accesses (the data service's per-call records: lookups, queries, verifications, exports) in a table of their
-- own, range-partitioned by China Standard Time day.
--
-- Before: every call was one audit_log entry, hashed into a chain and indexed nine ways (jsonb details, GIN on key
-- digests), which made the audit insert most of a lookup's database work. Now each access-log group commit writes
-- its calls here, lean and typed, and ONE audit entry (action `data.batch`) whose details carry the count and an
-- SM3 digest of the group's rows: the chain still covers every access, and `tongban audit verify` recomputes each
-- batch's digest from this table, so a changed, added or deleted access row is reported.
--
-- An access row's id is its batch entry's audit id × 1000 + its position in the group (a group holds at most 500
-- calls): ids are unique across processes without a sequence, newest first by id like the audit log, and a
-- batch's rows are one primary-key range. Keys are stored only as HMAC-SM3 digests, as the audit log did.

CREATE TABLE sharing_access_log (
  id                     bigint NOT NULL,
  at                     timestamptz NOT NULL,
  action                 text NOT NULL,
  outcome                text NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
  code                   text,
  actor_id               text,
  actor_name             text,
  actor_kind             text NOT NULL,
  ip                     text,
  request_id             text,
  api_key_id             text,
  resource_id            text NOT NULL,
  provider_department_id uuid,
  consumer_department_id uuid,
  grant_id               uuid,
  purpose                text,
  key_digests            text[] NOT NULL DEFAULT '{}',
  key_count              bigint NOT NULL DEFAULT 0,
  items                  text[] NOT NULL DEFAULT '{}',
  masked_items           text[] NOT NULL DEFAULT '{}',
  records                bigint NOT NULL DEFAULT 0,
  -- What else the call's entry said (resource code, a verification's match, a query's filter items, a limit).
  details                jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);

-- A write never fails for want of a partition: a day nobody created lands here.
CREATE TABLE sharing_access_log_default PARTITION OF sharing_access_log DEFAULT;

-- Creates the day partitions (China Standard Time days) from the day of `since` to `days_ahead` days after today,
-- and returns the names it created. A day whose rows already went to the default partition is left there (attaching
-- over them would fail). The data service calls it when a process first writes and whenever the day changes.
CREATE FUNCTION sharing_access_log_ensure_partitions(since timestamptz DEFAULT now(), days_ahead integer DEFAULT 3)
RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
  d         timestamp := date_trunc('day', since AT TIME ZONE 'Asia/Shanghai');
  last_d    timestamp := date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') + make_interval(days => days_ahead);
  lo        timestamptz;
  hi        timestamptz;
  part_name text;
BEGIN
  -- Two processes making the same day at once would collide on the name.
  PERFORM pg_advisory_xact_lock(74520181126);
  WHILE d <= last_d LOOP
    part_name := 'sharing_access_log_p' || to_char(d, 'YYYYMMDD');
    lo := d AT TIME ZONE 'Asia/Shanghai';
    hi := (d + interval '1 day') AT TIME ZONE 'Asia/Shanghai';
    d := d + interval '1 day';
    CONTINUE WHEN to_regclass(part_name) IS NOT NULL;
    CONTINUE WHEN EXISTS (SELECT 1 FROM sharing_access_log_default WHERE at >= lo AND at < hi);
    EXECUTE format('CREATE TABLE %I PARTITION OF sharing_access_log FOR VALUES FROM (%L) TO (%L)',
                   part_name, lo, hi);
    RETURN NEXT part_name;
  END LOOP;
END;
$$;

SELECT sharing_access_log_ensure_partitions(now(), 3);

-- The usage pages read newest first (keyset by id): a provider's accesses, a consumer's, or the city's (primary
-- key); "who used my data" by a key's digest.
CREATE INDEX sharing_access_log_provider_idx ON sharing_access_log (provider_department_id, id);
CREATE INDEX sharing_access_log_consumer_idx ON sharing_access_log (consumer_department_id, id);
CREATE INDEX sharing_access_log_key_idx ON sharing_access_log USING gin (key_digests);

-- Rows are only ever added: an edit is refused here, and the batch digests in the audit chain detect one made around
-- this trigger. Retention drops whole day partitions; only rows left in the default partition are deleted, by the
-- retention job, which says so for its transaction.
CREATE FUNCTION sharing_access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('tongban.access_log_retention', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'sharing_access_log is append-only';
END;
$$;
CREATE TRIGGER sharing_access_log_no_update BEFORE UPDATE OR DELETE ON sharing_access_log
  FOR EACH ROW EXECUTE FUNCTION sharing_access_log_append_only();

-- How far retention has removed accesses: verification expects no rows of batches older than this.
CREATE TABLE sharing_access_log_horizon (
  only_row      boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  purged_before timestamptz NOT NULL
);
INSERT INTO sharing_access_log_horizon (purged_before) VALUES ('-infinity');

-- The accesses written before this migration stay in the audit log as the entries they were (and verify there);
-- the usage pages read them from here, under their audit id × 1000, in the default partition.
INSERT INTO sharing_access_log (id, at, action, outcome, code, actor_id, actor_name, actor_kind, ip, request_id,
                                api_key_id, resource_id, provider_department_id, consumer_department_id, grant_id,
                                purpose, key_digests, key_count, items, masked_items, records, details)
SELECT l.id * 1000, l.at, l.action, l.outcome, l.details->>'code', l.actor_id, l.actor_name, l.actor_kind, l.ip,
       l.request_id, l.details->>'apiKeyId', l.object_id,
       CASE WHEN l.details->>'providerDepartmentId' ~ '^[0-9a-f-]{36}$'
            THEN (l.details->>'providerDepartmentId')::uuid END,
       l.department_id,
       CASE WHEN l.details->>'grantId' ~ '^[0-9a-f-]{36}$' THEN (l.details->>'grantId')::uuid END,
       l.details->>'purpose',
       CASE WHEN jsonb_typeof(l.details->'keyDigests') = 'array'
            THEN ARRAY(SELECT jsonb_array_elements_text(l.details->'keyDigests')) ELSE '{}' END,
       CASE WHEN jsonb_typeof(l.details->'keyCount') = 'number' THEN (l.details->>'keyCount')::numeric::bigint
            ELSE 0 END,
       CASE WHEN jsonb_typeof(l.details->'items') = 'array'
            THEN ARRAY(SELECT jsonb_array_elements_text(l.details->'items')) ELSE '{}' END,
       CASE WHEN jsonb_typeof(l.details->'maskedItems') = 'array'
            THEN ARRAY(SELECT jsonb_array_elements_text(l.details->'maskedItems')) ELSE '{}' END,
       CASE WHEN jsonb_typeof(l.details->'records') = 'number' THEN (l.details->>'records')::numeric::bigint
            ELSE 0 END,
       l.details - ARRAY['code', 'apiKeyId', 'providerDepartmentId', 'grantId', 'purpose', 'keyDigests', 'keyCount',
                         'items', 'maskedItems', 'records']
FROM audit_log l
WHERE l.action LIKE 'data.%' AND l.object_type = 'resource' AND l.object_id IS NOT NULL;
