-- 公共数据开放 feedback: data requests (数据需求), error reports on a dataset (纠错), ratings and reuse showcases
-- (应用展示), with the operator's moderation. Public accounts submit; the providing department's steward answers;
-- the operator routes requests, approves showcases and hides what should not be shown (hidden_* columns: a hidden
-- row stays for the record and the audit trail, and leaves every public list).
--
-- `digest` is the SM3 of a submission's normalized text: the same account sending the same thing again gets the
-- row it already has (a double click, a retried request), never a second one.

CREATE TABLE open_data_request (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq            bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  user_id        uuid NOT NULL REFERENCES app_user (id),
  author_name    text NOT NULL,
  digest         text NOT NULL,
  title          text NOT NULL,
  description    text NOT NULL,
  purpose        text NOT NULL,
  -- Named by the requester, or set by the operator when routing; null until one of them does.
  department_id  uuid REFERENCES department (id),
  -- submitted: waits for the operator to route it; routed: waits for the department's answer;
  -- planned / available / declined: the department's public answer.
  status         text NOT NULL CHECK (status IN ('submitted', 'routed', 'planned', 'available', 'declined')),
  answer         text,
  planned_date   date,
  dataset_name   text,
  answered_at    timestamptz,
  votes          integer NOT NULL DEFAULT 0 CHECK (votes >= 0),
  flags          integer NOT NULL DEFAULT 0 CHECK (flags >= 0),
  hidden_at      timestamptz,
  hidden_reason  text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, digest)
);
CREATE INDEX open_data_request_status ON open_data_request (status, seq DESC) WHERE hidden_at IS NULL;
CREATE INDEX open_data_request_department ON open_data_request (department_id, seq DESC);
CREATE INDEX open_data_request_user ON open_data_request (user_id, created_at);

-- "+1": one per account and request; `open_data_request.votes` is kept with it in the same transaction.
CREATE TABLE open_request_vote (
  request_id  uuid NOT NULL REFERENCES open_data_request (id),
  user_id     uuid NOT NULL REFERENCES app_user (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (request_id, user_id)
);

-- 纠错: about one dataset (a catalog resource), for its providing department.
CREATE TABLE open_error_report (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq            bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  resource_id    uuid NOT NULL,
  department_id  uuid NOT NULL REFERENCES department (id),
  user_id        uuid NOT NULL REFERENCES app_user (id),
  author_name    text NOT NULL,
  digest         text NOT NULL,
  record_key     text,
  item           text,
  description    text NOT NULL,
  status         text NOT NULL CHECK (status IN ('open', 'resolved', 'rejected')),
  reply          text,
  replied_at     timestamptz,
  flags          integer NOT NULL DEFAULT 0 CHECK (flags >= 0),
  hidden_at      timestamptz,
  hidden_reason  text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, digest)
);
CREATE INDEX open_error_report_resource ON open_error_report (resource_id, seq DESC);
CREATE INDEX open_error_report_department ON open_error_report (department_id, status, seq DESC);
CREATE INDEX open_error_report_user ON open_error_report (user_id, created_at);

-- One rating per account and dataset; a new one replaces it. A hidden rating counts in no average.
CREATE TABLE open_rating (
  -- The moderation's handle on one rating.
  id             uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
  resource_id    uuid NOT NULL,
  user_id        uuid NOT NULL REFERENCES app_user (id),
  author_name    text NOT NULL,
  stars          smallint NOT NULL CHECK (stars BETWEEN 1 AND 5),
  comment        text,
  flags          integer NOT NULL DEFAULT 0 CHECK (flags >= 0),
  hidden_at      timestamptz,
  hidden_reason  text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (resource_id, user_id)
);
CREATE INDEX open_rating_user ON open_rating (user_id, updated_at);
CREATE INDEX open_rating_recent ON open_rating (resource_id, updated_at DESC);

-- The average's parts, moved by each rating's change in its own transaction, so a page of cards reads one row per
-- dataset instead of every rating.
CREATE TABLE open_rating_total (
  resource_id  uuid PRIMARY KEY,
  count        integer NOT NULL CHECK (count >= 0),
  stars        integer NOT NULL CHECK (stars >= 0)
);

-- 应用展示: an app, article or visualisation built on open datasets, public once the operator approves it.
CREATE TABLE open_showcase (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq              bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  user_id          uuid NOT NULL REFERENCES app_user (id),
  author_name      text NOT NULL,
  digest           text NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('app', 'article', 'visualization')),
  title            text NOT NULL,
  description      text NOT NULL,
  url              text NOT NULL,
  status           text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  decision_reason  text,
  decided_at       timestamptz,
  flags            integer NOT NULL DEFAULT 0 CHECK (flags >= 0),
  hidden_at        timestamptz,
  hidden_reason    text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, digest)
);
CREATE INDEX open_showcase_status ON open_showcase (status, seq DESC);
CREATE INDEX open_showcase_user ON open_showcase (user_id, created_at);

CREATE TABLE open_showcase_dataset (
  showcase_id  uuid NOT NULL REFERENCES open_showcase (id),
  resource_id  uuid NOT NULL,
  PRIMARY KEY (showcase_id, resource_id)
);
CREATE INDEX open_showcase_dataset_resource ON open_showcase_dataset (resource_id);

-- "举报": one flag per account and item, counted on the item for the operator's queue.
CREATE TABLE open_feedback_flag (
  kind        text NOT NULL CHECK (kind IN ('request', 'report', 'rating', 'showcase')),
  object_id   uuid NOT NULL,
  user_id     uuid NOT NULL REFERENCES app_user (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, object_id, user_id)
);
