-- Which person or legal person a platform account speaks for: a citizen's own 身份证号, a company account's
-- 统一社会信用代码 (its legal representative's account), bound after identity verification (实名核验). Identity keeps
-- the binding because every module asks it: "my credit", "my record" (一人一档) and "who used my data", and the
-- service platform's applications. The credit module kept these rows until now; they move here.
CREATE TABLE account_subject (
  user_id      uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  subject_kind text NOT NULL CHECK (subject_kind IN ('person', 'legal_person')),
  subject_code text NOT NULL,
  subject_name text NOT NULL,
  bound_by     text,
  bound_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, subject_code)
);
CREATE INDEX account_subject_code_idx ON account_subject (subject_code);

-- A 身份证号 is 18 digits (or X last) with a birth date at characters 7–14; every other bound code is a credit code.
INSERT INTO account_subject (user_id, subject_kind, subject_code, subject_name, bound_by, bound_at)
SELECT user_id,
       CASE WHEN subject_code ~ '^[1-8][0-9]{5}(18|19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9X]$'
            THEN 'person' ELSE 'legal_person' END,
       subject_code, subject_name, bound_by, bound_at
  FROM credit_subject_account;

DROP TABLE credit_subject_account;
