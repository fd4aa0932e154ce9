-- 宏观经济基础库: the macro-economy registry. It is a consumer on the platform: its observations arrive from a
-- catalog resource's change log through an exchange pull subscription, never from another module's tables.

-- One row per source resource the registry follows. `applied_seq` is the last change applied here; it moves in the
-- same transaction as the observations, so a crash between applying and acknowledging never applies a change twice.
-- The lease lets one process at a time sync a source (a pull and an apply cannot share PGlite's one connection).
CREATE TABLE economy_source (
  resource_id      uuid PRIMARY KEY,
  subscription_id  uuid NOT NULL UNIQUE,
  department_id    uuid NOT NULL,
  applied_seq      bigint NOT NULL DEFAULT 0,
  last_sync_at     timestamptz,
  last_success_at  timestamptz,
  last_changes     integer NOT NULL DEFAULT 0,
  last_skipped     integer NOT NULL DEFAULT 0,
  last_error       text,
  lease_holder     text,
  lease_until      timestamptz NOT NULL DEFAULT '-infinity',
  created_at       timestamptz NOT NULL DEFAULT now()
);

-- 指标: the INDICATOR code list of the SDMX data structure, filled from the observations' own columns.
CREATE TABLE economy_indicator (
  code        text PRIMARY KEY,
  name_zh     text NOT NULL,
  name_en     text NOT NULL,
  unit        text NOT NULL,
  unit_code   text NOT NULL,
  department  text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- The current value of every observation: (indicator, frequency, region, period) → value. `period` is the SDMX
-- TIME_PERIOD (2020, 2020-Q1, 2020-01); its first and last day let time filters compare periods of any frequency.
CREATE TABLE economy_observation (
  indicator     text NOT NULL,
  freq          text NOT NULL CHECK (freq IN ('A', 'Q', 'M')),
  region        text NOT NULL,
  period        text NOT NULL,
  period_start  date NOT NULL,
  period_end    date NOT NULL,
  value         numeric NOT NULL,
  obs_status    text NOT NULL,
  revision      integer NOT NULL,
  source_seq    bigint NOT NULL,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (indicator, freq, region, period)
);
CREATE INDEX economy_observation_region_idx ON economy_observation (region, indicator);
CREATE INDEX economy_observation_period_idx ON economy_observation (period_start);

-- Every version an observation has had, first value included: a correction (same key, new value) adds a revision,
-- a deletion adds one without a value. Append-only by use.
CREATE TABLE economy_observation_revision (
  indicator   text NOT NULL,
  freq        text NOT NULL,
  region      text NOT NULL,
  period      text NOT NULL,
  revision    integer NOT NULL,
  op          text NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
  value       numeric,
  obs_status  text,
  source_seq  bigint NOT NULL,
  changed_at  timestamptz NOT NULL,
  PRIMARY KEY (indicator, freq, region, period, revision)
);

-- Anonymous SDMX reads, counted per day, dataflow and format: each process adds its tally every minute.
CREATE TABLE economy_sdmx_usage (
  day     date NOT NULL,
  flow    text NOT NULL,
  format  text NOT NULL,
  calls   bigint NOT NULL,
  PRIMARY KEY (day, flow, format)
);
