/**
 * 开发者: the open data portal's registered developers, wired — `keys` (their API keys and quotas), `applications`
 * (有条件开放 applications and their decisions), `access` (who calls the open API, the quota, what a key may read)
 * over one `meter` (calls, rows and downloads per key or client address per day). The accounts themselves are
 * identity's (self-registration, role `developer`).
 */
import type { Db } from '../../db/index.ts';
import type { AuditService } from '../audit/index.ts';
import type { OrgService } from '../org/index.ts';
import { OpenAccess } from './access.ts';
import { OpenApplications } from './applications.ts';
import type { OpenDatasets } from './datasets.ts';
import { DEFAULT_OPEN_QUOTAS, OpenKeys, type Accounts, type OpenQuotas } from './keys.ts';
import { OpenMeter } from './meter.ts';

export interface DeveloperDeps {
  audit: AuditService;
  accounts: Accounts;
  quotas?: Partial<OpenQuotas> | undefined;
}

export class OpenDevelopers {
  readonly meter: OpenMeter;
  readonly keys: OpenKeys;
  readonly applications: OpenApplications;
  readonly access: OpenAccess;

  constructor(db: Db, datasets: OpenDatasets, org: Pick<OrgService, 'getMany'>, deps: DeveloperDeps) {
    this.meter = new OpenMeter(db);
    const quotas: OpenQuotas = {
      keyDaily: deps.quotas?.keyDaily ?? DEFAULT_OPEN_QUOTAS.keyDaily,
      anonymousDaily: deps.quotas?.anonymousDaily ?? DEFAULT_OPEN_QUOTAS.anonymousDaily,
    };
    this.keys = new OpenKeys(db, deps.audit, deps.accounts, this.meter, quotas);
    this.applications = new OpenApplications(db, deps.audit, datasets, org, deps.accounts);
    this.access = new OpenAccess(deps.audit, this.keys, this.applications, this.meter);
  }
}
