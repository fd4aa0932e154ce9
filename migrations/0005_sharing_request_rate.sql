-- The calls-per-minute limit a provider sets when it approves a request. An approval that goes on to the operator's
-- second review (sensitive items) creates the grant only then; the limit has to wait on the request like the daily
-- quota does, or the grant would be created without it.
ALTER TABLE sharing_request ADD COLUMN rate_per_minute integer CHECK (rate_per_minute > 0);
