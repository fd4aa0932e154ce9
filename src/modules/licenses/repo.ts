import type { Queryable } from '../../db/index.ts';
import type { HolderKind, LicenseFieldT, LicenseStatus } from './schema.ts';

export interface TypeRow {
  code: string;
  name: string;
  ministry_name: string;
  department_id: string;
  holder_kind: HolderKind;
  fields: LicenseFieldT[];
  validity_years: number | null;
  created_at: Date;
  licenses: number;
}

export interface LicenseRow {
  id: string;
  seq: string;
  type_code: string;
  type_name: string;
  department_id: string;
  serial: string;
  version: number;
  number: string;
  holder_kind: HolderKind;
  holder_code: string;
  holder_name: string;
  issued_on: string;
  valid_from: string;
  valid_until: string | null;
  data: Record<string, unknown>;
  content_salt: string;
  payload: string;
  signature: string;
  public_key: string;
  status: 'valid' | 'suspended' | 'revoked';
  status_reason: string | null;
}

/** A license as inserted: everything but the identity and the defaults. */
export interface NewLicense {
  id: string;
  type_code: string;
  department_id: string;
  serial: string;
  version: number;
  number: string;
  holder_kind: HolderKind;
  holder_code: string;
  holder_name: string;
  issued_on: string;
  valid_from: string;
  valid_until: string | null;
  data: Record<string, unknown>;
  content_salt: string;
  payload: string;
  signature: string;
  public_key: string;
  status: 'valid' | 'suspended' | 'revoked';
  status_reason: string | null;
  issued_by: string | null;
}

export interface NewEvent {
  license_id: string;
  action: 'issue' | 'suspend' | 'revoke' | 'restore';
  from_status: string | null;
  to_status: string;
  reason: string | null;
  actor_id: string | null;
  actor_name: string | null;
}

export interface EventRow extends NewEvent {
  at: Date;
}

export interface UseRow {
  id: string;
  license_id: string;
  department_id: string;
  reason: string;
  actor_name: string | null;
  at: Date;
}

export interface LicenseFilter {
  typeCode?: string | undefined;
  holderCode?: string | undefined;
  status?: LicenseStatus | undefined;
  /** Issuing departments the caller may read; null: the whole city. */
  departmentIds: string[] | null;
  issuerId?: string | undefined;
}

const TYPE_COLUMNS = `t.code, t.name, t.ministry_name, t.department_id, t.holder_kind, t.fields, t.validity_years,
  t.created_at, (SELECT count(*)::int FROM license l WHERE l.type_code = t.code) AS licenses`;

const LICENSE_COLUMNS = `l.id, l.seq::text AS seq, l.type_code, t.name AS type_name, l.department_id, l.serial, l.version,
  l.number, l.holder_kind, l.holder_code, l.holder_name, l.issued_on::text AS issued_on,
  l.valid_from::text AS valid_from, l.valid_until::text AS valid_until, l.data, l.content_salt, l.payload,
  l.signature, l.public_key, l.status, l.status_reason`;

// The effective status against `today` ($n): revoked wins, then expiry, then suspension.
function statusCondition(status: LicenseStatus, today: string): string {
  const live = `(l.valid_until IS NULL OR l.valid_until >= ${today})`;
  switch (status) {
    case 'revoked':
      return `l.status = 'revoked'`;
    case 'expired':
      return `l.status <> 'revoked' AND l.valid_until < ${today}`;
    case 'suspended':
      return `l.status = 'suspended' AND ${live}`;
    case 'valid':
      return `l.status = 'valid' AND ${live}`;
  }
}

export const licenseRepo = {
  async insertType(
    q: Queryable,
    t: Omit<TypeRow, 'created_at' | 'licenses'> & { created_by: string | null },
  ): Promise<boolean> {
    const { rowCount } = await q.query(
      `INSERT INTO license_type (code, name, ministry_name, department_id, holder_kind, fields, validity_years, created_by)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8) ON CONFLICT DO NOTHING`,
      [
        t.code,
        t.name,
        t.ministry_name,
        t.department_id,
        t.holder_kind,
        JSON.stringify(t.fields),
        t.validity_years,
        t.created_by,
      ],
    );
    return rowCount === 1;
  },

  /** Types not there yet, in one statement; the codes inserted. */
  async insertTypes(
    q: Queryable,
    types: (Omit<TypeRow, 'created_at' | 'licenses'> & { created_by: string | null })[],
  ): Promise<string[]> {
    const { rows } = await q.query<{ code: string }>(
      `INSERT INTO license_type (code, name, ministry_name, department_id, holder_kind, fields, validity_years, created_by)
       SELECT r.code, r.name, r.ministry_name, r.department_id, r.holder_kind, r.fields, r.validity_years, r.created_by
         FROM jsonb_to_recordset($1::jsonb) AS r(code text, name text, ministry_name text, department_id uuid,
              holder_kind text, fields jsonb, validity_years int, created_by text)
       ON CONFLICT DO NOTHING RETURNING code`,
      [JSON.stringify(types)],
    );
    return rows.map((r) => r.code);
  },

  async typeByCode(q: Queryable, code: string): Promise<TypeRow | undefined> {
    const { rows } = await q.query<TypeRow>(`SELECT ${TYPE_COLUMNS} FROM license_type t WHERE t.code = $1`, [
      code,
    ]);
    return rows[0];
  },

  async typeNameTaken(q: Queryable, name: string): Promise<boolean> {
    const { rows } = await q.query(`SELECT 1 FROM license_type WHERE name = $1`, [name]);
    return rows.length > 0;
  },

  async listTypes(q: Queryable): Promise<TypeRow[]> {
    const { rows } = await q.query<TypeRow>(`SELECT ${TYPE_COLUMNS} FROM license_type t ORDER BY t.name`);
    return rows;
  },

  /** Reserves `count` serial numbers of a type; the first one. */
  async takeSerials(q: Queryable, code: string, count: number): Promise<number> {
    const { rows } = await q.query<{ first: string }>(
      `UPDATE license_type SET next_serial = next_serial + $2 WHERE code = $1 RETURNING (next_serial - $2)::text AS first`,
      [code, count],
    );
    return Number(rows[0]!.first);
  },

  async issuerKey(
    q: Queryable,
    departmentId: string,
  ): Promise<{ public_key: string; private_key_sealed: string } | undefined> {
    const { rows } = await q.query<{ public_key: string; private_key_sealed: string }>(
      `SELECT public_key, private_key_sealed FROM license_issuer_key WHERE department_id = $1`,
      [departmentId],
    );
    return rows[0];
  },

  /** Stores a department's seal key unless another process stored one first (then that one stays). */
  async insertIssuerKey(
    q: Queryable,
    departmentId: string,
    publicKey: string,
    sealed: string,
  ): Promise<void> {
    await q.query(
      `INSERT INTO license_issuer_key (department_id, public_key, private_key_sealed) VALUES ($1, $2, $3)
       ON CONFLICT (department_id) DO NOTHING`,
      [departmentId, publicKey, sealed],
    );
  },

  /** Licenses and their events, two statements whatever their number. */
  async insertLicenses(q: Queryable, licenses: NewLicense[], events: NewEvent[]): Promise<number> {
    const { rowCount } = await q.query(
      `INSERT INTO license (id, type_code, department_id, serial, version, number, holder_kind, holder_code, holder_name,
              issued_on, valid_from, valid_until, data, content_salt, payload, signature, public_key, status,
              status_reason, status_changed_at, issued_by)
       SELECT r.id, r.type_code, r.department_id, r.serial, r.version, r.number, r.holder_kind, r.holder_code,
              r.holder_name, r.issued_on, r.valid_from, r.valid_until, r.data, r.content_salt, r.payload, r.signature,
              r.public_key, r.status, r.status_reason, CASE WHEN r.status <> 'valid' THEN now() END, r.issued_by
         FROM jsonb_to_recordset($1::jsonb) AS r(id text, type_code text, department_id uuid, serial text, version int,
              number text, holder_kind text, holder_code text, holder_name text, issued_on date, valid_from date,
              valid_until date, data jsonb, content_salt text, payload text, signature text, public_key text,
              status text, status_reason text, issued_by text)
       ON CONFLICT (id) DO NOTHING`,
      [JSON.stringify(licenses)],
    );
    if (events.length) await this.insertEvents(q, events);
    return rowCount;
  },

  async insertEvents(q: Queryable, events: NewEvent[]): Promise<void> {
    await q.query(
      `INSERT INTO license_event (license_id, action, from_status, to_status, reason, actor_id, actor_name)
       SELECT r.license_id, r.action, r.from_status, r.to_status, r.reason, r.actor_id, r.actor_name
         FROM jsonb_to_recordset($1::jsonb) AS r(license_id text, action text, from_status text, to_status text,
              reason text, actor_id text, actor_name text)
        WHERE EXISTS (SELECT 1 FROM license l WHERE l.id = r.license_id)`,
      [JSON.stringify(events)],
    );
  },

  async countLicenses(q: Queryable): Promise<number> {
    const { rows } = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM license`);
    return rows[0]!.n;
  },

  async licenseById(q: Queryable, id: string, forUpdate = false): Promise<LicenseRow | undefined> {
    const { rows } = await q.query<LicenseRow>(
      `SELECT ${LICENSE_COLUMNS} FROM license l JOIN license_type t ON t.code = l.type_code WHERE l.id = $1
       ${forUpdate ? 'FOR UPDATE OF l' : ''}`,
      [id],
    );
    return rows[0];
  },

  /** A keyset page, newest first (by seq), `limit + 1` rows so the caller knows whether more follow. */
  async listLicenses(
    q: Queryable,
    f: LicenseFilter,
    today: string,
    limit: number,
    after: string | undefined,
  ): Promise<LicenseRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (f.departmentIds) where.push(`l.department_id = ANY(${p(f.departmentIds)}::uuid[])`);
    if (f.issuerId) where.push(`l.department_id = ${p(f.issuerId)}`);
    if (f.typeCode) where.push(`l.type_code = ${p(f.typeCode)}`);
    if (f.holderCode) where.push(`l.holder_code = ${p(f.holderCode)}`);
    if (f.status) where.push(statusCondition(f.status, `${p(today)}::date`));
    if (after) where.push(`l.seq < ${p(after)}::bigint`);
    const { rows } = await q.query<LicenseRow>(
      `SELECT ${LICENSE_COLUMNS} FROM license l JOIN license_type t ON t.code = l.type_code
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY l.seq DESC LIMIT ${p(limit + 1)}`,
      params,
    );
    return rows;
  },

  async setStatus(q: Queryable, id: string, status: string, reason: string): Promise<void> {
    await q.query(
      `UPDATE license SET status = $2, status_reason = $3, status_changed_at = now() WHERE id = $1`,
      [id, status, reason],
    );
  },

  async events(q: Queryable, id: string): Promise<EventRow[]> {
    const { rows } = await q.query<EventRow>(
      `SELECT license_id, action, from_status, to_status, reason, actor_id, actor_name, at
         FROM license_event WHERE license_id = $1 ORDER BY id`,
      [id],
    );
    return rows;
  },

  async insertUse(
    q: Queryable,
    u: {
      license_id: string;
      department_id: string;
      reason: string;
      actor_id: string | null;
      actor_name: string | null;
    },
  ): Promise<UseRow> {
    const { rows } = await q.query<UseRow>(
      `INSERT INTO license_use (license_id, department_id, reason, actor_id, actor_name) VALUES ($1, $2, $3, $4, $5)
       RETURNING id::text AS id, license_id, department_id, reason, actor_name, at`,
      [u.license_id, u.department_id, u.reason, u.actor_id, u.actor_name],
    );
    return rows[0]!;
  },

  async uses(q: Queryable, id: string, limit: number): Promise<UseRow[]> {
    const { rows } = await q.query<UseRow>(
      `SELECT id::text AS id, license_id, department_id, reason, actor_name, at
         FROM license_use WHERE license_id = $1 ORDER BY id DESC LIMIT $2`,
      [id, limit],
    );
    return rows;
  },
};
