-- Exchange retention: batch and delivery log rows older than the retention window are deleted by a periodic job
-- (ExchangeRetentionService.purgeExpired). The figures must not change when they go, so the job first adds what
-- it deletes to these per-department daily rollups, in the same transaction, and the statistics read the live
-- log plus the rollups. Nothing writes them on the ingest or delivery path: no extra row lock there.

-- Applied batches per provider department and China Standard Time day.
CREATE TABLE exchange_ingest_daily (
  department_id uuid NOT NULL,
  day           date NOT NULL,
  -- rows received and kept (received − rejected)
  received      bigint NOT NULL DEFAULT 0,
  -- records inserted − deleted: the running sum is the records held
  held_delta    bigint NOT NULL DEFAULT 0,
  batches       bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (department_id, day)
);

-- Successful deliveries (webhook posts and pull reads) per consumer department and day.
CREATE TABLE exchange_delivery_daily (
  department_id uuid NOT NULL,
  day           date NOT NULL,
  delivered     bigint NOT NULL DEFAULT 0,
  deliveries    bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (department_id, day)
);

-- The job finds expired rows by age alone.
CREATE INDEX exchange_batch_at_idx ON exchange_batch (at);
CREATE INDEX exchange_delivery_at_idx ON exchange_delivery (at);
