import type { Db } from '../../db/index.ts';
import type { AuditService } from '../audit/index.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { LicenseService } from '../licenses/index.ts';
import type { OrgService } from '../org/index.ts';
import { ServiceCatalogue } from './catalogue.ts';
import { ServiceReads } from './reads.ts';

/**
 * 政务服务事项目录 (the service item catalogue of 一体化政务服务平台), one service per use case family: `catalogue`
 * (create, edit, publish, the demo's bulk load) and `reads` (the public search and page, the staff's view,
 * versions). The server constructs this.
 */
export class ServicesService {
  readonly catalogue: ServiceCatalogue;
  readonly reads: ServiceReads;

  constructor(deps: {
    db: Db;
    audit: AuditService;
    org: OrgService;
    catalog: CatalogService;
    licenses: LicenseService;
  }) {
    this.catalogue = new ServiceCatalogue(deps.db, deps.audit, deps);
    this.reads = new ServiceReads(deps.db, deps.org);
  }
}
