-- Per-minute counters of the data service, counted in the transaction that writes the calls' audit entries (like the
-- daily quota), so a limit holds however many processes serve the calls. subject: 'grant:<grant id>' for a grant's
-- calls-per-minute limit, 'verify:<api key or user id>' for the per-key verification limit. minute: minutes since
-- the Unix epoch. Rows older than a few minutes are deleted as the counters move on.
CREATE TABLE sharing_rate_window (
  subject text    NOT NULL,
  minute  bigint  NOT NULL,
  calls   integer NOT NULL DEFAULT 0,
  PRIMARY KEY (subject, minute)
);
CREATE INDEX sharing_rate_window_minute_idx ON sharing_rate_window (minute);

-- What a day's calls used of the grant's daily quota: a call counts the records it returned (at least one), so a
-- query page of 500 people weighs what 500 lookups do. Until now the quota counted calls.
ALTER TABLE sharing_usage ADD COLUMN quota_used bigint NOT NULL DEFAULT 0;
UPDATE sharing_usage SET quota_used = calls;

-- A flag says why it was raised: a day far above the usual volume, or a burst of verifications that reached the
-- per-key limit (guessing masked values one answer at a time looks like that).
ALTER TABLE sharing_usage_flag ADD COLUMN kind text NOT NULL DEFAULT 'volume'
  CHECK (kind IN ('volume', 'verify_burst'));
ALTER TABLE sharing_usage_flag DROP CONSTRAINT sharing_usage_flag_grant_id_day_key;
ALTER TABLE sharing_usage_flag ADD CONSTRAINT sharing_usage_flag_grant_day_kind_key UNIQUE (grant_id, day, kind);

-- Verifications per minute one API key (or signed-in user) may make, across all its grants.
ALTER TABLE sharing_policy ADD COLUMN verify_per_minute integer NOT NULL DEFAULT 60
  CHECK (verify_per_minute BETWEEN 1 AND 10000000);
