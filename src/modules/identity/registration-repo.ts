/** The SQL of self-registration (migration 0020): pending registrations and the codes sent. */
import type { Queryable } from '../../db/index.ts';

export interface RegistrationRow {
  contact: string;
  contact_kind: 'email' | 'mobile';
  display_name: string;
  password_hash: string;
  code_hash: string;
  expires_at: Date;
  attempts: number;
  used_at: Date | null;
}

export const registrationRepo = {
  /** A new code for the contact replaces any earlier one, with its attempts back to zero. */
  async upsert(q: Queryable, r: Omit<RegistrationRow, 'attempts' | 'used_at'>): Promise<void> {
    await q.query(
      `INSERT INTO identity_registration (contact, contact_kind, display_name, password_hash, code_hash, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (contact) DO UPDATE SET contact_kind = EXCLUDED.contact_kind,
         display_name = EXCLUDED.display_name, password_hash = EXCLUDED.password_hash,
         code_hash = EXCLUDED.code_hash, expires_at = EXCLUDED.expires_at, attempts = 0, used_at = NULL,
         created_at = now()`,
      [r.contact, r.contact_kind, r.display_name, r.password_hash, r.code_hash, r.expires_at],
    );
  },

  async get(q: Queryable, contact: string, lock = false): Promise<RegistrationRow | undefined> {
    const { rows } = await q.query<RegistrationRow>(
      `SELECT contact, contact_kind, display_name, password_hash, code_hash, expires_at, attempts, used_at
       FROM identity_registration WHERE contact = $1${lock ? ' FOR UPDATE' : ''}`,
      [contact],
    );
    return rows[0];
  },

  /** One more wrong guess; answers the attempts now counted. */
  async fail(q: Queryable, contact: string): Promise<number> {
    const { rows } = await q.query<{ attempts: number }>(
      `UPDATE identity_registration SET attempts = attempts + 1 WHERE contact = $1 RETURNING attempts`,
      [contact],
    );
    return rows[0]?.attempts ?? 0;
  },

  async use(q: Queryable, contact: string): Promise<void> {
    await q.query(`UPDATE identity_registration SET used_at = now() WHERE contact = $1`, [contact]);
  },

  async recordSend(q: Queryable, contact: string, client: string): Promise<void> {
    await q.query(`INSERT INTO identity_registration_send (contact, client) VALUES ($1, $2)`, [
      contact,
      client,
    ]);
  },

  /** Codes sent since `since` to the contact and from the client, and the oldest of each in that window. */
  async sendsSince(
    q: Queryable,
    contact: string,
    client: string,
    since: Date,
  ): Promise<{ byContact: Date[]; byClient: Date[] }> {
    const { rows } = await q.query<{ by: 'contact' | 'client'; sent_at: Date }>(
      `SELECT 'contact' AS by, sent_at FROM identity_registration_send WHERE contact = $1 AND sent_at >= $3
       UNION ALL
       SELECT 'client' AS by, sent_at FROM identity_registration_send WHERE client = $2 AND sent_at >= $3
       ORDER BY sent_at`,
      [contact, client, since],
    );
    return {
      byContact: rows.filter((r) => r.by === 'contact').map((r) => r.sent_at),
      byClient: rows.filter((r) => r.by === 'client').map((r) => r.sent_at),
    };
  },
};
