-- 政务服务事项目录: the service items each department publishes (一体化政务服务平台), with versions. An item's
-- row repeats the version readers see (the published one, or the first draft before anything was published) so
-- the public search needs no join; every version keeps the item as its department saved it.

CREATE TABLE service_item (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- 实施编码: the implementing department's 统一社会信用代码 + 事项类型 (2) + 主项 (5) + 子项 (3).
  code              text NOT NULL UNIQUE,
  department_id     uuid NOT NULL REFERENCES department (id),
  -- draft: the current version is not published yet (a new item, or a revision of a published one).
  status            text NOT NULL CHECK (status IN ('draft', 'published')),
  current_version   integer NOT NULL,
  published_version integer,
  name              text NOT NULL,
  kind              text NOT NULL,
  online            boolean NOT NULL,
  visits            integer NOT NULL,
  promised_days     integer NOT NULL,
  material_count    integer NOT NULL,
  shared_count      integer NOT NULL,
  search            tsvector NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX service_item_department_idx ON service_item (department_id, code);
CREATE INDEX service_item_kind_idx ON service_item (kind);
CREATE INDEX service_item_published_idx ON service_item (code) WHERE published_version IS NOT NULL;
CREATE INDEX service_item_search_idx ON service_item USING gin (search);

-- Every version: the item's fields and materials as saved (jsonb), who saved it and who published it.
CREATE TABLE service_item_version (
  item_id           uuid NOT NULL REFERENCES service_item (id),
  version           integer NOT NULL,
  status            text NOT NULL CHECK (status IN ('draft', 'published', 'superseded')),
  body              jsonb NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  created_by_name   text,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  published_at      timestamptz,
  published_by_name text,
  PRIMARY KEY (item_id, version)
);
