import type { Db, Queryable } from '../../db/index.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import { presentPolicy } from './presenters.ts';
import { sharingRepo } from './repo.ts';
import type { SharingPolicyPatchT, SharingPolicyT } from './schema.ts';

const CACHE_MS = 5_000;

/** The operator's sharing settings: response deadline, second approval, query page size, verification rate. */
export class SharingSettings {
  #cached: { at: number; policy: Promise<SharingPolicyT> } | null = null;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  async get(q: Queryable = this.db): Promise<SharingPolicyT> {
    return presentPolicy(await sharingRepo.policy(q));
  }

  /** The settings as the data service reads them on every call: remembered for a few seconds. */
  current(): Promise<SharingPolicyT> {
    if (!this.#cached || Date.now() - this.#cached.at > CACHE_MS) {
      const policy = this.get();
      // A failed read is not remembered.
      policy.catch(() => (this.#cached = null));
      this.#cached = { at: Date.now(), policy };
    }
    return this.#cached.policy;
  }

  async update(actor: Actor, patch: SharingPolicyPatchT): Promise<SharingPolicyT> {
    await this.db.transaction(async (tx) => {
      await sharingRepo.updatePolicy(tx, patch, actor.name);
      await this.audit.record(
        actor,
        {
          action: 'sharing.policy.update',
          objectType: 'sharing_policy',
          outcome: 'success',
          details: { ...patch },
        },
        tx,
      );
    });
    this.#cached = null;
    return this.get();
  }
}
