-- 办件 (the case engine): one row per application for a service item, its event log, the durable timers that mark
-- SLA warnings and overdue cases and hand notifications to the sender, and the applicant's in-app notifications.
--
-- A case keeps a snapshot of the service item as it was when the case was opened (`item`: its code, name,
-- department, legal and promised working-day periods and the e-license type its 准予 issues), so the deadlines in
-- force at application apply and the case does not depend on the item catalogue's tables. The deadline columns are
-- derived (src/modules/cases/deadlines.ts) and rewritten by every transition under the case's row lock: the clock
-- runs from acceptance, stops during 补正 and 挂起 (stopped_since; stopped_workdays the working days of finished
-- stops) and ends with the decision. promised_overdue_at / legal_overdue_at are set once, by the timer, and stay:
-- a case that was overdue remains recorded as such whatever happens after.
CREATE SEQUENCE service_case_number_seq;

CREATE TABLE service_case (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number              text NOT NULL UNIQUE,
  item                jsonb NOT NULL,
  item_code           text NOT NULL,
  department_id       uuid NOT NULL REFERENCES department (id),
  applicant_kind      text NOT NULL CHECK (applicant_kind IN ('person', 'legal_person')),
  applicant_code      text NOT NULL,
  applicant_name      text NOT NULL,
  applicant_user_id   uuid REFERENCES app_user (id),
  state               text NOT NULL CHECK (state IN ('received', 'rejected_at_intake', 'accepted', 'reviewing',
                                                     'corrections', 'suspended', 'decided', 'closed')),
  -- The state a 补正 or 挂起 returns to.
  resume_state        text,
  outcome             text CHECK (outcome IN ('granted', 'refused')),
  clock               text NOT NULL DEFAULT 'not_started'
                      CHECK (clock IN ('not_started', 'running', 'stopped', 'ended')),
  received_at         timestamptz NOT NULL,
  accepted_at         timestamptz,
  decided_at          timestamptz,
  closed_at           timestamptz,
  stopped_since       timestamptz,
  stopped_workdays    integer NOT NULL DEFAULT 0 CHECK (stopped_workdays >= 0),
  extension_days      integer NOT NULL DEFAULT 0 CHECK (extension_days >= 0),
  legal_due_on        date,
  promised_due_on     date,
  warn_at             timestamptz,
  promised_due_at     timestamptz,
  legal_due_at        timestamptz,
  warned_at           timestamptz,
  promised_overdue_at timestamptz,
  legal_overdue_at    timestamptz,
  license_id          text,
  version             integer NOT NULL DEFAULT 1,
  opened_by           uuid,
  idempotency_key     text,
  request_digest      text,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
-- A repeated POST with the same Idempotency-Key from the same account is the same case.
CREATE UNIQUE INDEX service_case_idempotency_idx ON service_case (opened_by, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE INDEX service_case_inbox_idx ON service_case (department_id, state, promised_due_at);
CREATE INDEX service_case_applicant_code_idx ON service_case (applicant_code, received_at DESC);
CREATE INDEX service_case_applicant_user_idx ON service_case (applicant_user_id, received_at DESC)
  WHERE applicant_user_id IS NOT NULL;
CREATE UNIQUE INDEX service_case_license_idx ON service_case (license_id) WHERE license_id IS NOT NULL;

-- Every step of a case, in order: who, when, from which state to which, why (补正's list of what is missing, an
-- extension's days, a decision's outcome and license in details). Appended only.
CREATE TABLE service_case_event (
  id          bigserial PRIMARY KEY,
  case_id     uuid NOT NULL REFERENCES service_case (id),
  action      text NOT NULL,
  from_state  text,
  to_state    text NOT NULL,
  reason      text,
  details     jsonb NOT NULL DEFAULT '{}'::jsonb,
  actor_id    uuid,
  actor_name  text,
  at          timestamptz NOT NULL
);
CREATE INDEX service_case_event_case_idx ON service_case_event (case_id, id);

-- Durable timers: an SLA warning, the promised and the legal deadline passing, and a notification to hand to the
-- sender. A worker in any server process leases due ones (FOR UPDATE SKIP LOCKED, lease_owner/lease_until), fires
-- each in a transaction under the case's row lock and marks it done; a worker that dies leaves its lease to expire
-- and another fires the timer. A transition that moves the deadlines cancels the pending deadline timers and adds
-- new ones in the same transaction.
CREATE TABLE service_case_timer (
  id           bigserial PRIMARY KEY,
  case_id      uuid NOT NULL REFERENCES service_case (id),
  kind         text NOT NULL CHECK (kind IN ('sla_warning', 'promised_overdue', 'legal_overdue', 'notify')),
  due_at       timestamptz NOT NULL,
  payload      jsonb NOT NULL DEFAULT '{}'::jsonb,
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'cancelled', 'failed')),
  attempts     integer NOT NULL DEFAULT 0,
  last_error   text,
  lease_owner  text,
  lease_until  timestamptz,
  fired_at     timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX service_case_timer_due_idx ON service_case_timer (due_at) WHERE status = 'pending';
CREATE INDEX service_case_timer_case_idx ON service_case_timer (case_id) WHERE status = 'pending';

-- In-app notifications: to the applicant (every step of their case) or to a department's staff (SLA warnings and
-- overdue cases). An applicant reads those of the cases the account applied for or speaks for (account_subject).
CREATE TABLE service_case_notification (
  id             bigserial PRIMARY KEY,
  case_id        uuid NOT NULL REFERENCES service_case (id),
  audience       text NOT NULL CHECK (audience IN ('applicant', 'staff')),
  department_id  uuid NOT NULL,
  kind           text NOT NULL,
  title          text NOT NULL,
  body           text NOT NULL,
  created_at     timestamptz NOT NULL,
  read_at        timestamptz
);
CREATE INDEX service_case_notification_case_idx ON service_case_notification (case_id, id);
CREATE INDEX service_case_notification_staff_idx ON service_case_notification (department_id, id)
  WHERE audience = 'staff';
