-- 人口基础库 and 法人基础库: golden records merged from the departments' source records. A registry is a consumer on
-- the platform: its source records arrive from catalog resources' change logs through exchange pull
-- subscriptions, never from another module's tables.

-- One row per registry: who keeps it, the catalog resource its golden records are published as (基础信息资源, shared
-- through grants like any other), its matching model (Fellegi–Sunter m/u estimated from its own records) and
-- thresholds.
CREATE TABLE registry (
  kind           text PRIMARY KEY CHECK (kind IN ('population', 'legal_person')),
  department_id  uuid NOT NULL,
  resource_id    uuid,
  model          jsonb,
  model_records  integer NOT NULL DEFAULT 0,
  model_at       timestamptz,
  match_at       double precision NOT NULL DEFAULT 0.95,
  review_at      double precision NOT NULL DEFAULT 0.5,
  created_at     timestamptz NOT NULL DEFAULT now()
);

-- A source: a resource the registry subscribes to, how its items map onto the registry's fields (one projection
-- per person a row describes: a marriage record names two), and its rank for the source-priority rule (1 first).
-- `applied_seq` moves in the same transaction as the records, so a crash between applying and acknowledging never
-- applies a change twice. The lease lets one process at a time sync a source.
CREATE TABLE registry_source (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  registry         text NOT NULL REFERENCES registry (kind),
  resource_id      uuid NOT NULL,
  subscription_id  uuid NOT NULL UNIQUE,
  name             text NOT NULL,
  priority         integer NOT NULL CHECK (priority BETWEEN 1 AND 99),
  projections      jsonb NOT NULL,
  applied_seq      bigint NOT NULL DEFAULT 0,
  last_seq         bigint NOT NULL DEFAULT 0,
  last_sync_at     timestamptz,
  last_changes     integer NOT NULL DEFAULT 0,
  last_skipped     integer NOT NULL DEFAULT 0,
  last_error       text,
  lease_holder     text,
  lease_until      timestamptz NOT NULL DEFAULT '-infinity',
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (registry, resource_id)
);

-- A golden record (一人一档's person, 一企一档's company). The id never changes; a merged-away record keeps its row
-- with `merged_into`, so an old id still finds its person. `key` is the 身份证号 / 统一社会信用代码 the golden record
-- settled on; `provenance` says per field which source record gave the value and by which rule.
CREATE TABLE registry_entity (
  id           text PRIMARY KEY,
  registry     text NOT NULL REFERENCES registry (kind),
  status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'merged', 'retired')),
  merged_into  text,
  key          text,
  name         text,
  golden       jsonb NOT NULL DEFAULT '{}',
  provenance   jsonb NOT NULL DEFAULT '{}',
  records      integer NOT NULL DEFAULT 0,
  conflicts    integer NOT NULL DEFAULT 0,
  version      integer NOT NULL DEFAULT 0,
  -- Changed since it was last written to the registry's own resource (its change log is how others follow it).
  unpublished  boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX registry_entity_unpublished_idx ON registry_entity (registry) WHERE unpublished;
CREATE INDEX registry_entity_key_idx ON registry_entity (registry, key) WHERE status = 'active';
CREATE INDEX registry_entity_page_idx ON registry_entity (registry, id) WHERE status = 'active';

-- A source record as the registry holds it: the mapped fields as the source wrote them, the normalized form the
-- matcher compares, its blocking keys, and how it was linked (by key, by score with its explanation, or by a
-- steward, which `pinned` keeps from being moved by later changes).
CREATE TABLE registry_record (
  source_id    uuid NOT NULL REFERENCES registry_source (id),
  record_key   text NOT NULL,
  registry     text NOT NULL,
  entity_id    text NOT NULL REFERENCES registry_entity (id),
  fields       jsonb NOT NULL,
  norm         jsonb NOT NULL,
  blocks       text[] NOT NULL,
  seq          bigint NOT NULL,
  changed_at   timestamptz NOT NULL,
  link         text NOT NULL CHECK (link IN ('key', 'match', 'new', 'review', 'steward')),
  score        double precision,
  why          jsonb,
  pinned       boolean NOT NULL DEFAULT false,
  PRIMARY KEY (source_id, record_key)
);
CREATE INDEX registry_record_entity_idx ON registry_record (entity_id);

-- The blocking keys of every held record, one row each: a page's candidate search probes thousands of keys at
-- once, which a B-tree answers key by key (a GIN index on the array slows down with every key and every insert).
CREATE TABLE registry_block (
  registry    text NOT NULL,
  key         text NOT NULL,
  source_id   uuid NOT NULL,
  record_key  text NOT NULL,
  PRIMARY KEY (registry, key, source_id, record_key)
);

-- The survivorship rule of each golden field, set by the registry's steward: the best-ranked source, the most
-- recent change, the most complete value, or one named source. `conflict` opens a conflict when sources disagree.
CREATE TABLE registry_rule (
  registry      text NOT NULL REFERENCES registry (kind),
  field         text NOT NULL,
  rule          text NOT NULL CHECK (rule IN ('priority', 'recent', 'complete', 'fixed')),
  fixed_source  uuid REFERENCES registry_source (id),
  conflict      boolean NOT NULL DEFAULT false,
  updated_by    text,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (registry, field)
);

-- Sources disagreeing on a field of one golden record. A steward picks the value (it then holds while the sources
-- still offer it) or dismisses the conflict; a new disagreement opens a new one.
CREATE TABLE registry_conflict (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  registry     text NOT NULL,
  entity_id    text NOT NULL REFERENCES registry_entity (id),
  field        text NOT NULL,
  candidates   jsonb NOT NULL,
  status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'dismissed', 'gone')),
  chosen       text,
  resolved_by  text,
  resolved_at  timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX registry_conflict_open_idx ON registry_conflict (entity_id, field) WHERE status = 'open';
CREATE INDEX registry_conflict_queue_idx ON registry_conflict (registry, status, created_at);

-- A record the matcher could not decide: it stands as its own golden record until a steward links it to the
-- candidate or keeps them apart.
CREATE TABLE registry_review (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  registry      text NOT NULL,
  source_id     uuid NOT NULL,
  record_key    text NOT NULL,
  entity_id     text NOT NULL,
  candidate_id  text NOT NULL,
  score         double precision NOT NULL,
  why           jsonb NOT NULL,
  status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'linked', 'apart', 'gone')),
  decided_by    text,
  decided_at    timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX registry_review_open_idx ON registry_review (source_id, record_key) WHERE status = 'open';
CREATE INDEX registry_review_queue_idx ON registry_review (registry, status, created_at);

-- The history of every golden record: creation, each golden change (the fields before and after), links, merges
-- and un-merges. An un-merge reads its merge's entry to put back exactly the records that moved.
CREATE TABLE registry_event (
  id          bigserial PRIMARY KEY,
  registry    text NOT NULL,
  entity_id   text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('created', 'updated', 'merged', 'unmerged', 'linked', 'unlinked',
                                            'conflict', 'resolved')),
  detail      jsonb NOT NULL,
  actor       text,
  at          timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX registry_event_entity_idx ON registry_event (entity_id, id);
