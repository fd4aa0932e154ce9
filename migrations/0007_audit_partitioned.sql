-- The audit log, partitioned by month and chained per shard.
--
-- Before: one chain for the whole city, so every writer in every process waited on one advisory lock and read the
-- newest row; readers counted the whole table. Now writers append to one of several chains (shards), each with its
-- head row in audit_chain_head locked FOR UPDATE, and the table is range-partitioned by month (China Standard
-- Time) so the viewer's time filters prune and old months can be archived whole. Existing entries keep their ids,
-- times and hashes: they become shard 0, seq = id, a chain that verifies exactly as before.

ALTER TABLE audit_log RENAME TO audit_log_unpartitioned;
ALTER INDEX audit_log_pkey RENAME TO audit_log_unpartitioned_pkey;
DROP TRIGGER audit_log_no_update ON audit_log_unpartitioned;

CREATE TABLE audit_log (
  id            bigint NOT NULL,
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
  shard         smallint NOT NULL CHECK (shard >= 0),
  seq           bigint NOT NULL CHECK (seq >= 1),
  prev_hash     text NOT NULL,
  hash          text NOT NULL,
  -- A partitioned table's keys must include the partition column; ids are unique by their sequence.
  PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);

-- A write never fails for want of a partition: a month nobody created lands here (see audit_log_ensure_partitions).
CREATE TABLE audit_log_default PARTITION OF audit_log DEFAULT;

-- Creates the monthly partitions (China Standard Time months) from the month of `since` to `months_ahead` months
-- after the current one, and returns the names it created. A month whose entries already went to the default
-- partition is left there: attaching a partition over them would fail, and moving them would mean deleting from an
-- append-only table. Server processes call it at start and with every checkpoint, so months are made well ahead.
CREATE FUNCTION audit_log_ensure_partitions(since timestamptz DEFAULT now(), months_ahead integer DEFAULT 2)
RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
  m         timestamp := date_trunc('month', since AT TIME ZONE 'Asia/Shanghai');
  last_m    timestamp := date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai')
                         + make_interval(months => months_ahead);
  lo        timestamptz;
  hi        timestamptz;
  part_name text;
BEGIN
  -- Two processes making the same month at once would collide on the name.
  PERFORM pg_advisory_xact_lock(74520181125);
  WHILE m <= last_m LOOP
    part_name := 'audit_log_p' || to_char(m, 'YYYYMM');
    lo := m AT TIME ZONE 'Asia/Shanghai';
    hi := (m + interval '1 month') AT TIME ZONE 'Asia/Shanghai';
    m := m + interval '1 month';
    CONTINUE WHEN to_regclass(part_name) IS NOT NULL;
    CONTINUE WHEN EXISTS (SELECT 1 FROM audit_log_default WHERE at >= lo AND at < hi);
    EXECUTE format('CREATE TABLE %I PARTITION OF audit_log FOR VALUES FROM (%L) TO (%L)', part_name, lo, hi);
    RETURN NEXT part_name;
  END LOOP;
END;
$$;

SELECT audit_log_ensure_partitions(coalesce((SELECT min(at) FROM audit_log_unpartitioned), now()), 2);

INSERT INTO audit_log (id, at, actor_id, actor_name, actor_kind, action, object_type, object_id, department_id, ip,
                       request_id, outcome, details, shard, seq, prev_hash, hash)
SELECT id, at, actor_id, actor_name, actor_kind, action, object_type, object_id, department_id, ip, request_id,
       outcome, details, 0, id, prev_hash, hash
FROM audit_log_unpartitioned;

-- Ids stay one city-wide sequence, so "newest first" and keyset paging by id work across shards.
CREATE SEQUENCE audit_log_id_seq AS bigint;
SELECT setval('audit_log_id_seq', coalesce((SELECT max(id) FROM audit_log_unpartitioned), 0) + 1, false);

-- Each shard's last seq and hash: a writer locks its shard's row, so it never reads the log itself to chain.
CREATE TABLE audit_chain_head (
  shard smallint PRIMARY KEY CHECK (shard >= 0),
  seq   bigint NOT NULL,
  hash  text NOT NULL
);
INSERT INTO audit_chain_head (shard, seq, hash)
SELECT s, 0, repeat('0', 64) FROM generate_series(0, 7) AS s;
UPDATE audit_chain_head h SET seq = last.id, hash = last.hash
FROM (SELECT id, hash FROM audit_log_unpartitioned ORDER BY id DESC LIMIT 1) AS last
WHERE h.shard = 0;

DROP TABLE audit_log_unpartitioned;

-- The viewer pages newest first by id (keyset), optionally within a time range and by these filters.
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_chain_idx ON audit_log (shard, seq);
CREATE INDEX audit_log_action_idx ON audit_log (action, id);
CREATE INDEX audit_log_object_idx ON audit_log (object_type, object_id, id);
CREATE INDEX audit_log_department_idx ON audit_log (department_id, id);
CREATE INDEX audit_log_provider_idx ON audit_log ((details->>'providerDepartmentId'), id);
CREATE INDEX audit_log_unsuccessful_idx ON audit_log (id) WHERE outcome <> 'success';
-- "Who used my data": data accesses record their keys only as HMAC-SM3 digests.
CREATE INDEX audit_log_key_digest_idx ON audit_log USING gin ((details->'keyDigests'));
-- The viewer hides routine system work (a connector's ingest every minute, webhook deliveries) by default; this
-- predicate is the one the repository writes, so the planner can use the index.
CREATE INDEX audit_log_people_idx ON audit_log (id)
  WHERE actor_kind <> 'system' OR outcome <> 'success' OR action NOT LIKE 'exchange.%';

CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- Signed records of every shard's head (seq and hash) at a time: deleting entries below a checkpointed head is
-- detected even when the chain that remains is consistent in itself. `payload` is exactly the signed text.
CREATE TABLE audit_checkpoint (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at         timestamptz NOT NULL,
  payload    text NOT NULL,
  signature  text NOT NULL, -- DER, base64
  public_key text NOT NULL  -- uncompressed SM2 point, hex
);
CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE OR DELETE ON audit_checkpoint
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
