-- E-license library (电子证照库): license types, each issuing department's SM2 seal key, licenses with their signed
-- payload, the status history and every use of a license by a department.

-- 证照类型. code = the defining ministry's 统一社会信用代码 + a 3-digit number (GB/T 36904); one issuing department
-- per type in a city, which also numbers the type's licenses (next_serial, only ever incremented).
CREATE TABLE license_type (
  code           text PRIMARY KEY CHECK (length(code) = 21),
  name           text NOT NULL UNIQUE,
  ministry_name  text NOT NULL,
  department_id  uuid NOT NULL REFERENCES department (id),
  -- 持证主体类型: 111 身份证号 (a person), 001 统一社会信用代码 (a legal person)
  holder_kind    text NOT NULL CHECK (holder_kind IN ('111', '001')),
  fields         jsonb NOT NULL,
  -- NULL: 长期有效 (permanent)
  validity_years integer CHECK (validity_years BETWEEN 1 AND 100),
  next_serial    bigint NOT NULL DEFAULT 1,
  created_by     text,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX license_type_department_idx ON license_type (department_id);

-- 电子印章 key of an issuing department: the private key sealed with the platform's SecretBox (SM4 + HMAC-SM3),
-- never stored in clear.
CREATE TABLE license_issuer_key (
  department_id      uuid PRIMARY KEY REFERENCES department (id),
  public_key         text NOT NULL,
  private_key_sealed text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now()
);

-- One row per license version. payload is the exact text that was signed (canonical JSON, UTF-8) and never
-- changes; status is the act (valid, suspended, revoked) — expiry is read from valid_until against today.
CREATE TABLE license (
  id                text PRIMARY KEY,
  seq               bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  type_code         text NOT NULL REFERENCES license_type (code),
  department_id     uuid NOT NULL REFERENCES department (id),
  serial            text NOT NULL,
  version           integer NOT NULL CHECK (version BETWEEN 1 AND 999),
  number            text NOT NULL,
  holder_kind       text NOT NULL CHECK (holder_kind IN ('111', '001')),
  holder_code       text NOT NULL,
  holder_name       text NOT NULL,
  issued_on         date NOT NULL,
  valid_from        date NOT NULL,
  valid_until       date,
  data              jsonb NOT NULL,
  content_salt      text NOT NULL,
  payload           text NOT NULL,
  signature         text NOT NULL, -- base64 DER
  public_key        text NOT NULL,
  status            text NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'suspended', 'revoked')),
  status_reason     text,
  status_changed_at timestamptz,
  issued_by         text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (type_code, serial, version),
  CHECK (valid_until IS NULL OR valid_until >= valid_from)
);
CREATE INDEX license_holder_idx ON license (holder_code, seq);
CREATE INDEX license_type_idx ON license (type_code, seq);
CREATE INDEX license_department_idx ON license (department_id, seq);

-- Status history: issue, suspend, revoke, restore — who, when, why.
CREATE TABLE license_event (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  license_id  text NOT NULL REFERENCES license (id),
  action      text NOT NULL CHECK (action IN ('issue', 'suspend', 'revoke', 'restore')),
  from_status text,
  to_status   text NOT NULL,
  reason      text,
  actor_id    text,
  actor_name  text,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX license_event_license_idx ON license_event (license_id, id);

-- A department's use of a license (用证), with its stated reason: what the holder's "who used my data" shows.
CREATE TABLE license_use (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  license_id    text NOT NULL REFERENCES license (id),
  department_id uuid NOT NULL REFERENCES department (id),
  reason        text NOT NULL,
  actor_id      text,
  actor_name    text,
  at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX license_use_license_idx ON license_use (license_id, id);
CREATE INDEX license_use_department_idx ON license_use (department_id, id);
