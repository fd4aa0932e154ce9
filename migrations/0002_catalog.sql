-- Resource catalog (政务信息资源目录): resources, their versions, review history, and the code sequence.

-- 顺序码 per classification code. Only ever incremented, so a code is never reused, even after retirement.
CREATE TABLE catalog_code_sequence (
  class_code text PRIMARY KEY,
  last_value integer NOT NULL
);

-- One row per resource. The descriptive columns repeat the version that the catalog shows to readers
-- (the published one, or the first draft before anything was published) so search and facets need no join.
CREATE TABLE catalog_resource (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code                text NOT NULL UNIQUE,
  class_code          text NOT NULL,
  department_id       uuid NOT NULL REFERENCES department (id),
  status              text NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'published', 'retired')),
  current_version     integer NOT NULL,
  published_version   integer,
  publish_date        date,
  last_data_change_at timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  name                text NOT NULL,
  summary             text NOT NULL,
  category            text NOT NULL,
  format_category     text NOT NULL,
  sharing_type        text NOT NULL,
  open_type           text NOT NULL,
  update_cycle        text NOT NULL,
  item_count          integer NOT NULL,
  search              tsvector NOT NULL
);
CREATE INDEX catalog_resource_department_idx ON catalog_resource (department_id);
CREATE INDEX catalog_resource_status_idx ON catalog_resource (status);
CREATE INDEX catalog_resource_search_idx ON catalog_resource USING gin (search);

-- Every version of every resource: the fields and items as the steward saved them.
CREATE TABLE catalog_version (
  resource_id     uuid NOT NULL REFERENCES catalog_resource (id),
  version         integer NOT NULL,
  status          text NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'published', 'superseded',
                                                  'rejected', 'retired')),
  fields          jsonb NOT NULL,
  items           jsonb NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  created_by      text,
  created_by_name text,
  published_at    timestamptz,
  PRIMARY KEY (resource_id, version)
);

CREATE TABLE catalog_event (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  resource_id uuid NOT NULL REFERENCES catalog_resource (id),
  version     integer NOT NULL,
  action      text NOT NULL,
  actor_id    text,
  actor_name  text,
  comment     text,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX catalog_event_resource_idx ON catalog_event (resource_id, id);
