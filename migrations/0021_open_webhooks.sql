-- 公共数据开放: a registered developer's webhooks — a URL per dataset to which each new version (an exchange batch
-- that changed the resource: its time and inserted/updated/deleted counts, links to its diff and its data) is
-- POSTed, signed as the exchange signs its own (HMAC-SM3, docs/WEBHOOKS.md), at least once, in version order.
--
-- acked_seq is the last change-log seq of the newest version the receiver acknowledged (2xx); it starts at the
-- resource's newest version when the webhook is registered, so only versions after that are sent. A worker in any
-- server process leases a due webhook (lease_owner/lease_until, taken FOR UPDATE SKIP LOCKED), sends the next
-- version and moves acked_seq only on a 2xx; a failure backs off (attempts, next_attempt_at) and the same version is
-- sent again. The signing secret is sealed with the platform's key (SecretBox), never stored in clear. One webhook per
-- developer, dataset and URL: registering it again answers the existing one.
CREATE TABLE open_webhook (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  developer_id      uuid NOT NULL REFERENCES app_user (id),
  resource_id       uuid NOT NULL,
  url               text NOT NULL,
  secret_enc        text NOT NULL,
  acked_seq         bigint NOT NULL DEFAULT 0 CHECK (acked_seq >= 0),
  attempts          integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at   timestamptz NOT NULL DEFAULT now(),
  lease_owner       text,
  lease_until       timestamptz,
  last_status       integer,
  last_error        text,
  last_delivered_at timestamptz,
  delivered         bigint NOT NULL DEFAULT 0 CHECK (delivered >= 0),
  created_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (developer_id, resource_id, url)
);
CREATE INDEX open_webhook_developer_idx ON open_webhook (developer_id);
-- What the workers look for: the due ones, soonest first.
CREATE INDEX open_webhook_due_idx ON open_webhook (next_attempt_at);
CREATE INDEX open_webhook_resource_idx ON open_webhook (resource_id);
