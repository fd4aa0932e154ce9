/** 一人一档 / 一企一档, wired: `subjects` (staff's view of one person or company) and `self` (我的档案, 谁用了我的数据). */
import type { AuditService } from '../audit/index.ts';
import type { IdentityService } from '../identity/index.ts';
import type { OrgService } from '../org/index.ts';
import { SelfDossiers } from './self.ts';
import { SubjectDossiers, type DossierDeps } from './subject.ts';

export class DossierService {
  readonly subjects: SubjectDossiers;
  readonly self: SelfDossiers;

  constructor(deps: DossierDeps & { audit: AuditService; identity: IdentityService; org: OrgService }) {
    this.subjects = new SubjectDossiers(deps);
    this.self = new SelfDossiers(deps);
  }
}
