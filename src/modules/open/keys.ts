/**
 * Developers' API keys for the open API (开发者密钥): created by the developer (the secret shown once, only its SM3
 * digest kept, as identity keeps department keys), listed with today's calls against the daily quota, revoked by
 * the developer; the operator may set a key's quota. A key is read from the database on every call it makes, so a
 * revocation stops the next one.
 */
import type { Db } from '../../db/index.ts';
import { AppError } from '../../core/errors.ts';
import { randomToken, safeEqual, sm3 } from '../../lib/crypto.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import { developerRepo, type KeyRow } from './developer-repo.ts';
import type { DeveloperKeyT } from './developer-schema.ts';
import { keySubject, type OpenMeter } from './meter.ts';

/** What the open module needs of an account: its names (asked of identity). */
export interface Accounts {
  getUser(id: string): Promise<{ id: string; username: string; displayName: string }>;
}

export interface OpenQuotas {
  /** Calls a day per developer key unless the operator set the key's own (OPEN_KEY_DAILY_QUOTA). */
  keyDaily: number;
  /** Calls a day per client address without a key (OPEN_ANON_DAILY_QUOTA). */
  anonymousDaily: number;
}

export const DEFAULT_OPEN_QUOTAS: OpenQuotas = { keyDaily: 10_000, anonymousDaily: 2_000 };

const KEY_PREFIX = 'tbo_';
const USAGE_DAYS = 30;

export class OpenKeys {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly accounts: Accounts,
    private readonly meter: OpenMeter,
    readonly quotas: OpenQuotas,
  ) {}

  quotaOf(row: Pick<KeyRow, 'daily_quota'>): number {
    return row.daily_quota ?? this.quotas.keyDaily;
  }

  async create(
    actor: Actor,
    developerId: string,
    name: string,
  ): Promise<{ key: DeveloperKeyT; secret: string }> {
    const prefix = randomToken(6).replace(/[-_]/g, 'x').slice(0, 8);
    const secret = `${KEY_PREFIX}${prefix}_${randomToken(32)}`;
    const row = await this.db.transaction(async (tx) => {
      const row = await developerRepo.insertKey(tx, {
        developerId,
        name: name.trim(),
        prefix,
        secretHash: sm3(secret),
      });
      await this.audit.record(
        actor,
        {
          action: 'open.key.create',
          objectType: 'open_key',
          objectId: row.id,
          outcome: 'success',
          details: { name: row.name, prefix },
        },
        tx,
      );
      return row;
    });
    return { key: (await this.present([row]))[0]!, secret };
  }

  async mine(developerId: string): Promise<DeveloperKeyT[]> {
    return this.present(await developerRepo.keysOf(this.db, developerId));
  }

  async all(limit: number, offset: number): Promise<{ total: number; items: DeveloperKeyT[] }> {
    const { total, rows } = await developerRepo.allKeys(this.db, limit, offset);
    return { total, items: await this.present(rows) };
  }

  /** A developer's own key; another's is a 404, so key ids cannot be probed. */
  async own(developerId: string, id: string): Promise<KeyRow> {
    const row = await developerRepo.keyById(this.db, id);
    if (!row || row.developer_id !== developerId) throw new AppError('OPEN_API_KEY_NOT_FOUND', { id });
    return row;
  }

  /** Revoking twice answers the key as it is (idempotent), with one audit entry. */
  async revoke(actor: Actor, developerId: string, id: string): Promise<DeveloperKeyT> {
    await this.own(developerId, id);
    await this.db.transaction(async (tx) => {
      const row = (await developerRepo.keyById(tx, id, true))!;
      if (row.revoked_at) return;
      await developerRepo.revokeKey(tx, id);
      await this.audit.record(
        actor,
        {
          action: 'open.key.revoke',
          objectType: 'open_key',
          objectId: id,
          outcome: 'success',
          details: { name: row.name, prefix: row.prefix },
        },
        tx,
      );
    });
    return (await this.present([(await developerRepo.keyById(this.db, id))!]))[0]!;
  }

  /** The operator's quota for one key (null: the default again). */
  async setQuota(actor: Actor, id: string, quota: number | null): Promise<DeveloperKeyT> {
    await this.db.transaction(async (tx) => {
      const row = await developerRepo.keyById(tx, id, true);
      if (!row) throw new AppError('OPEN_API_KEY_NOT_FOUND', { id });
      await developerRepo.setQuota(tx, id, quota);
      await this.audit.record(
        actor,
        {
          action: 'open.key.quota',
          objectType: 'open_key',
          objectId: id,
          outcome: 'success',
          details: { prefix: row.prefix, from: row.daily_quota, to: quota },
        },
        tx,
      );
    });
    return (await this.present([(await developerRepo.keyById(this.db, id))!]))[0]!;
  }

  async usage(developerId: string, id: string) {
    await this.own(developerId, id);
    return { keyId: id, days: await this.meter.series(keySubject(id), USAGE_DAYS) };
  }

  /** The key a secret names, if it is one and not revoked; its use is noted once a minute. */
  async authenticate(secret: string): Promise<KeyRow | null> {
    if (!secret.startsWith(KEY_PREFIX)) return null;
    const prefix = secret.slice(KEY_PREFIX.length, KEY_PREFIX.length + 8);
    const row = await developerRepo.keyByPrefix(this.db, prefix);
    if (!row || !safeEqual(row.secret_hash, sm3(secret)) || row.revoked_at) return null;
    if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000)
      await developerRepo.touchKey(this.db, row.id);
    return row;
  }

  private async present(rows: KeyRow[]): Promise<DeveloperKeyT[]> {
    const used = await this.meter.usedToday(rows.map((r) => keySubject(r.id)));
    const owners = new Map<string, { id: string; username: string; displayName: string }>();
    for (const id of new Set(rows.map((r) => r.developer_id))) {
      const u = await this.accounts.getUser(id);
      owners.set(id, { id: u.id, username: u.username, displayName: u.displayName });
    }
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      prefix: `${KEY_PREFIX}${r.prefix}`,
      dailyQuota: this.quotaOf(r),
      quotaIsDefault: r.daily_quota === null,
      callsToday: used.get(keySubject(r.id)) ?? 0,
      createdAt: r.created_at.toISOString(),
      lastUsedAt: r.last_used_at?.toISOString() ?? null,
      revokedAt: r.revoked_at?.toISOString() ?? null,
      developer: owners.get(r.developer_id)!,
    }));
  }
}
