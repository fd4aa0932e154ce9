import type { Db } from '../../db/index.ts';
import type { AuditService } from '../audit/index.ts';
import type { AccountSubjects } from '../identity/index.ts';
import type { OrgService } from '../org/index.ts';
import { CreditCases } from './cases.ts';
import { CreditLists } from './lists.ts';
import { CreditPresenter } from './presenters.ts';
import { CreditProfiles } from './profiles.ts';
import { CreditRecords } from './records.ts';

/** 社会信用: one service per use case family; the server constructs this. */
export class CreditService {
  readonly records: CreditRecords;
  readonly lists: CreditLists;
  readonly cases: CreditCases;
  readonly profiles: CreditProfiles;

  constructor(db: Db, audit: AuditService, org: OrgService, subjects: AccountSubjects) {
    const present = new CreditPresenter(org);
    this.records = new CreditRecords(db, audit, present);
    this.lists = new CreditLists(db, audit, present);
    this.cases = new CreditCases(db, audit, present);
    this.profiles = new CreditProfiles(db, audit, present, this.cases, subjects);
  }
}
