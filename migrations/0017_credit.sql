-- Social credit (社会信用): 双公示 records (行政许可 and 行政处罚 publicity), red and black lists (守信激励与失信惩戒),
-- objections and credit repair (异议申诉 / 信用修复), and which platform accounts speak for which credit subject.
-- Whether a record is publicly shown is computed at read time from its dates (publicity_until, repaired_on,
-- status), never by a job.

-- One 双公示 record. The key of a decision is (kind, authority_code, decision_no): resubmitting it updates the row.
-- subject_code is the 统一社会信用代码, or for a person the 身份证号 (stored in clear for the publishing department,
-- shown masked to everyone else).
CREATE TABLE credit_record (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq                 bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  kind                text NOT NULL CHECK (kind IN ('penalty', 'license')),
  department_id       uuid NOT NULL REFERENCES department (id),
  subject_name        text NOT NULL,
  -- 行政相对人类别: legal 法人及非法人组织, person 自然人, business 个体工商户
  subject_category    text NOT NULL CHECK (subject_category IN ('legal', 'person', 'business')),
  subject_code        text NOT NULL,
  legal_rep           text,
  decision_no         text NOT NULL,
  decision_date       date NOT NULL,
  authority_name      text NOT NULL,
  authority_code      text NOT NULL,
  source_name         text NOT NULL,
  -- 行政处罚
  violation_type      text,
  violation_facts     text,
  basis               text,
  penalty_kinds       text[],
  penalty_content     text,
  fine_amount         numeric(16, 6),
  confiscated_amount  numeric(16, 6),
  license_affected    text,
  penalty_valid_until date,
  severity            text CHECK (severity IN ('minor', 'general', 'serious')),
  -- 行政许可
  doc_name            text,
  license_category    text,
  certificate_name    text,
  license_no          text,
  license_content     text,
  valid_from          date,
  valid_to            date,
  -- Publicity: the first day a repair may be applied for, and the last day shown (NULL: while valid / none).
  repair_from         date,
  publicity_until     date,
  status              text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')),
  repaired_on         date,
  corrected_at        timestamptz,
  created_by          text,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, authority_code, decision_no)
);
CREATE INDEX credit_record_subject_idx ON credit_record (subject_code, seq);
CREATE INDEX credit_record_department_idx ON credit_record (department_id, seq);

-- 红名单 / 黑名单 entries: who listed whom, on what basis, from when to when; removal is a date and a reason.
CREATE TABLE credit_list_entry (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq              bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  list_kind        text NOT NULL CHECK (list_kind IN ('red', 'black')),
  list_name        text NOT NULL,
  department_id    uuid NOT NULL REFERENCES department (id),
  subject_name     text NOT NULL,
  subject_category text NOT NULL CHECK (subject_category IN ('legal', 'person', 'business')),
  subject_code     text NOT NULL,
  basis            text NOT NULL,
  listed_on        date NOT NULL,
  valid_until      date,
  removed_on       date,
  removal_reason   text,
  created_by       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_until IS NULL OR valid_until >= listed_on)
);
CREATE INDEX credit_list_entry_subject_idx ON credit_list_entry (subject_code, seq);
CREATE INDEX credit_list_entry_department_idx ON credit_list_entry (department_id, seq);

-- An objection (异议) or a repair application (信用修复) about one record, handled by the record's department.
CREATE TABLE credit_case (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq            bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  kind           text NOT NULL CHECK (kind IN ('objection', 'repair')),
  record_id      uuid NOT NULL REFERENCES credit_record (id),
  department_id  uuid NOT NULL REFERENCES department (id),
  subject_code   text NOT NULL,
  applicant_id   uuid,
  applicant_name text NOT NULL,
  reason         text NOT NULL,
  attachment     text,
  status         text NOT NULL DEFAULT 'submitted'
                 CHECK (status IN ('submitted', 'accepted', 'upheld', 'rejected', 'repaired')),
  filed_on       date NOT NULL,
  accept_due     date NOT NULL,
  accepted_on    date,
  decide_due     date,
  decided_on     date,
  resolution     text CHECK (resolution IN ('withdraw', 'correct')),
  decision_note  text,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX credit_case_department_idx ON credit_case (department_id, seq);
CREATE INDEX credit_case_record_idx ON credit_case (record_id);
CREATE INDEX credit_case_subject_idx ON credit_case (subject_code, seq);

CREATE TABLE credit_case_event (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id    uuid NOT NULL REFERENCES credit_case (id),
  action     text NOT NULL,
  from_status text,
  to_status  text NOT NULL,
  note       text,
  actor_name text,
  at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX credit_case_event_case_idx ON credit_case_event (case_id, id);

-- Which credit subject a platform account speaks for (a citizen's own 身份证号, a company user's 统一社会信用代码),
-- bound by the operator after identity verification (实名核验); the account's "my credit" and filings rest on it.
CREATE TABLE credit_subject_account (
  user_id      uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  subject_code text NOT NULL,
  subject_name text NOT NULL,
  bound_by     text,
  bound_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, subject_code)
);
