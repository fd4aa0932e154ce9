-- 公共数据开放: how often each open dataset is used, per day — API calls (the CKAN Action API's datastore_search,
-- the query API) and downloads. Counted in memory by each process and added here every few seconds, so a busy
-- dataset costs one upsert per interval, not one per call. The portal's live figures and usage charts read it.
CREATE TABLE open_usage (
  day         date   NOT NULL,
  resource_id uuid   NOT NULL,
  kind        text   NOT NULL CHECK (kind IN ('api', 'download')),
  count       bigint NOT NULL CHECK (count >= 0),
  PRIMARY KEY (day, resource_id, kind)
);
