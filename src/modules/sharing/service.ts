import type { Db } from '../../db/index.ts';
import type { AuditService } from '../audit/index.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { ExchangeService } from '../exchange/index.ts';
import type { IdentityService } from '../identity/index.ts';
import type { OrgService } from '../org/index.ts';
import { BATCH_ACTION } from './access-log.ts';
import { AgreementService } from './agreements.ts';
import { DataService } from './data.ts';
import { AccessGate } from './gate.ts';
import { GrantService } from './grants.ts';
import { SharingPresenter } from './presenters.ts';
import { RequestService } from './requests.ts';
import { SharingResources } from './resources.ts';
import { SharingSettings } from './settings.ts';
import { AccessRetention, UsageService } from './usage.ts';

export type { Caller } from './gate.ts';

/** The X-Purpose header is percent-encoded UTF-8 (headers are Latin-1); plain ASCII passes as is. */
export function decodePurpose(header: string | undefined): string | null {
  if (header === undefined) return null;
  let text = header;
  try {
    text = decodeURIComponent(header);
  } catch {
    // Not percent-encoded: take it literally.
  }
  text = text.trim();
  return text === '' ? null : text;
}

/**
 * 共享: the sharing module's public entry, one service per use case — security agreements, requests and approvals,
 * grants, the access gate, the data service that consumer systems call within their grants, and usage — wired
 * together once. Every call is authorized in them and written to the audit log.
 */
export class SharingService {
  readonly resources: SharingResources;
  readonly settings: SharingSettings;
  readonly agreements: AgreementService;
  readonly requests: RequestService;
  readonly grants: GrantService;
  readonly gate: AccessGate;
  readonly data: DataService;
  readonly usage: UsageService;
  /** Retention of the data-access rows: `purgeExpired(now)` for the maintenance loop. */
  readonly accessRetention: AccessRetention;

  constructor(
    db: Db,
    audit: AuditService,
    org: OrgService,
    identity: IdentityService,
    catalog: CatalogService,
    exchange: ExchangeService,
  ) {
    const present = new SharingPresenter(db, org, identity, catalog);
    this.resources = new SharingResources(catalog);
    this.settings = new SharingSettings(db, audit);
    this.gate = new AccessGate(db, audit, identity, this.resources);
    audit.setBatchVerifier(BATCH_ACTION, (entries) => this.gate.verifyBatches(entries));
    const changed = () => this.gate.forget();
    this.agreements = new AgreementService(db, audit, org, present, changed);
    this.requests = new RequestService(
      db,
      audit,
      org,
      identity,
      this.resources,
      this.settings,
      present,
      changed,
    );
    this.grants = new GrantService(db, audit, this.resources, this.requests, present, changed);
    this.data = new DataService(db, this.gate, this.resources, this.settings, exchange);
    this.usage = new UsageService(db, audit, org, catalog, this.grants);
    this.accessRetention = new AccessRetention(db);
    exchange.setSubscriptionAccess({
      subscriptionScope: (resource, consumerId, q) => this.gate.subscriptionScope(resource, consumerId, q),
    });
  }
}
