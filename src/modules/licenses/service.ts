import type { Db } from '../../db/index.ts';
import type { SecretBox } from '../../lib/secretbox.ts';
import type { AuditService } from '../audit/index.ts';
import type { OrgService } from '../org/index.ts';
import { LicenseIssuer } from './issue.ts';
import { LicensePresenter } from './presenters.ts';
import { LicenseReads } from './reads.ts';
import { IssuerKeys } from './seal.ts';
import { LicenseTypeService } from './types.ts';
import { LicenseUses } from './uses.ts';

/** The e-license library (电子证照库), one service per use case family; the server constructs this. */
export class LicenseService {
  readonly types: LicenseTypeService;
  readonly issuer: LicenseIssuer;
  readonly reads: LicenseReads;
  readonly uses: LicenseUses;

  constructor(db: Db, audit: AuditService, org: OrgService, secrets: SecretBox) {
    const present = new LicensePresenter(org);
    const keys = new IssuerKeys(secrets);
    this.types = new LicenseTypeService(db, audit, org, present);
    this.issuer = new LicenseIssuer(db, audit, org, keys);
    this.reads = new LicenseReads(db, audit, present);
    this.uses = new LicenseUses(db, audit, org, present);
  }
}
