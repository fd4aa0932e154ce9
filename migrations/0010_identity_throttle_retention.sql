-- Sign-in throttling state: one row per account and per client address. Each attempt is admitted or refused by a
-- single upsert that holds the row's lock, so concurrent guesses are counted one after another and can never pass
-- the limit together. `failures` counts attempts not followed by a success (an attempt is counted when admitted,
-- before the password is checked; a success clears the account's row and takes back only its own count from the
-- address's row). `next_at` is when the next attempt may be checked: the first `max` failures are free, then the
-- wait doubles (1 s, 2 s, 4 s …, capped). `seq` numbers every attempt and `admitted_seq` the last admitted one, so
-- the upsert's RETURNING says whether this very attempt got through.
CREATE TABLE login_throttle (
  scope          text NOT NULL CHECK (scope IN ('account', 'ip')),
  key            text NOT NULL,
  failures       integer NOT NULL,
  next_at        timestamptz NOT NULL,
  last_at        timestamptz NOT NULL,
  seq            bigint NOT NULL DEFAULT 1,
  admitted_seq   bigint NOT NULL DEFAULT 1,
  PRIMARY KEY (scope, key)
);
-- Retention deletes rows whose wait ended longer ago than the forgetting window (the next attempt would start
-- afresh anyway).
CREATE INDEX login_throttle_next_idx ON login_throttle (next_at);

-- The wait before the attempt after `failures` failures: none while under `free`, then 1 s doubling to `cap_seconds`.
CREATE FUNCTION login_throttle_delay(failures integer, free integer, cap_seconds integer) RETURNS interval
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT CASE WHEN failures < free THEN interval '0'
                    ELSE make_interval(secs => least(power(2, least(failures - free, 40)), cap_seconds)) END $$;

-- Retention reads these by age.
CREATE INDEX login_attempt_at_idx ON login_attempt (at);
CREATE INDEX session_expires_idx ON session (expires_at);

-- Leases for periodic jobs every server process runs: whoever holds an unexpired lease works, the others skip; the
-- last run time keeps the interval city-wide rather than per process.
CREATE TABLE maintenance_lease (
  name         text PRIMARY KEY,
  holder       text,
  lease_until  timestamptz NOT NULL DEFAULT '-infinity',
  last_run_at  timestamptz NOT NULL DEFAULT '-infinity'
);
INSERT INTO maintenance_lease (name) VALUES ('retention');
