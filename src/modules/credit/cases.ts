import type { Db } from '../../db/index.ts';
import { AppError, validationError } from '../../core/errors.ts';
import { chinaToday } from '../../lib/time.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import type { CreditPresenter } from './presenters.ts';
import { creditRepo, type CaseRow, type RecordRow } from './repo.ts';
import { addWorkingDays, CASE_DEADLINES, problem, publicityState } from './rules.ts';
import type {
  CaseStatus,
  CreditCaseDecisionT,
  CreditCaseInputT,
  CreditCaseQueryT,
  CreditCaseT,
} from './schema.ts';

/** Who files: an account bound to credit subjects (the citizen's own 身份证号, a company user's credit code). */
export interface Applicant {
  userId: string | null;
  name: string;
  subjectCodes: string[];
}

/**
 * 异议申诉 and 信用修复: the subject files about its own record; the record's department accepts (or refuses),
 * then decides — an upheld objection withdraws or corrects the record, a granted repair ends its public display.
 *
 *   objection: submitted → accepted → upheld | rejected      (submitted → rejected: 不予受理)
 *   repair:    submitted → accepted → repaired | rejected
 *
 * Each step has a deadline in working days (rules.ts); a case past it is flagged overdue at read time.
 */
export class CreditCases {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly present: CreditPresenter,
  ) {}

  async file(
    actor: Actor,
    applicant: Applicant,
    input: CreditCaseInputT,
    filedOn = chinaToday(),
  ): Promise<CreditCaseT> {
    const record = await creditRepo.recordById(this.db, input.recordId);
    // A record about someone else is answered as missing, and the attempt leaves a denied entry.
    if (!record || !applicant.subjectCodes.includes(record.subject_code)) {
      await this.audit.record(actor, {
        action: 'credit.case.file',
        objectType: 'credit_record',
        objectId: input.recordId,
        departmentId: record?.department_id ?? null,
        outcome: 'denied',
      });
      throw new AppError('CREDIT_RECORD_NOT_FOUND', { id: input.recordId });
    }
    if (record.status === 'withdrawn') throw new AppError('CREDIT_CASE_STATE', { recordStatus: 'withdrawn' });
    if (input.kind === 'repair') {
      if (record.kind !== 'penalty' || publicityState(record, filedOn) !== 'public')
        throw new AppError('CREDIT_REPAIR_NOT_APPLICABLE');
      if (record.repair_from !== null && filedOn < record.repair_from)
        throw new AppError('CREDIT_REPAIR_TOO_EARLY', { repairFrom: record.repair_from });
    }
    const id = await this.db.transaction(async (tx) => {
      if (await creditRepo.openCaseOf(tx, record.id, input.kind)) throw new AppError('CREDIT_CASE_OPEN');
      const caseId = await creditRepo.insertCase(tx, {
        kind: input.kind,
        record_id: record.id,
        department_id: record.department_id,
        subject_code: record.subject_code,
        applicant_id: applicant.userId,
        applicant_name: applicant.name,
        reason: input.reason,
        attachment: input.attachment ?? null,
        filed_on: filedOn,
        accept_due: addWorkingDays(filedOn, CASE_DEADLINES[input.kind].accept),
      });
      await creditRepo.insertCaseEvent(tx, {
        case_id: caseId,
        action: 'file',
        from_status: null,
        to_status: 'submitted',
        note: null,
        actor_name: applicant.name,
      });
      await this.audit.record(
        actor,
        {
          action: 'credit.case.file',
          objectType: 'credit_case',
          objectId: caseId,
          departmentId: record.department_id,
          outcome: 'success',
          details: { kind: input.kind, recordId: record.id, keys: [record.subject_code] },
        },
        tx,
      );
      return caseId;
    });
    return this.get(id);
  }

  async find(id: string): Promise<CaseRow> {
    const row = await creditRepo.caseById(this.db, id);
    if (!row) throw new AppError('CREDIT_CASE_NOT_FOUND', { id });
    return row;
  }

  async get(id: string): Promise<CreditCaseT> {
    return (await this.views([await this.find(id)]))[0]!;
  }

  async views(rows: CaseRow[]): Promise<CreditCaseT[]> {
    const events = await creditRepo.caseEvents(
      this.db,
      rows.map((r) => r.id),
    );
    return this.present.cases(rows, events, chinaToday());
  }

  /** The department's decision on a case; the record changes in the same transaction. */
  async decide(
    actor: Actor,
    caseId: string,
    d: CreditCaseDecisionT,
    today = chinaToday(),
  ): Promise<CreditCaseT> {
    await this.db.transaction(async (tx) => {
      const c = await creditRepo.caseById(tx, caseId, true);
      if (!c) throw new AppError('CREDIT_CASE_NOT_FOUND', { id: caseId });
      const allowed: Record<
        CreditCaseDecisionT['action'],
        { from: CaseStatus[]; kind?: 'objection' | 'repair' }
      > = {
        accept: { from: ['submitted'] },
        reject: { from: ['submitted', 'accepted'] },
        uphold: { from: ['accepted'], kind: 'objection' },
        repair: { from: ['accepted'], kind: 'repair' },
      };
      const rule = allowed[d.action];
      if (!rule.from.includes(c.status) || (rule.kind && rule.kind !== c.kind))
        throw new AppError('CREDIT_CASE_STATE', { status: c.status, kind: c.kind, action: d.action });
      let to: CaseStatus;
      let record: RecordRow | null = null;
      switch (d.action) {
        case 'accept':
          to = 'accepted';
          await creditRepo.updateCase(tx, c.id, {
            status: to,
            accepted_on: today,
            decide_due: addWorkingDays(today, CASE_DEADLINES[c.kind].decide),
            decision_note: d.note,
          });
          break;
        case 'reject':
          to = 'rejected';
          await creditRepo.updateCase(tx, c.id, { status: to, decided_on: today, decision_note: d.note });
          break;
        case 'uphold': {
          to = 'upheld';
          const resolution = d.resolution ?? (d.corrections ? 'correct' : undefined);
          if (!resolution)
            throw validationError([
              problem(
                'resolution',
                'REQUIRED',
                '异议成立时须选择撤销或更正记录',
                'An upheld objection withdraws or corrects the record',
              ),
            ]);
          if (resolution === 'correct' && !d.corrections)
            throw validationError([
              problem(
                'corrections',
                'REQUIRED',
                '更正记录须给出更正内容',
                'A correction needs the corrected fields',
              ),
            ]);
          record = await creditRepo.recordForUpdate(tx, c.record_id);
          await creditRepo.correctRecord(tx, c.record_id, {
            withdraw: resolution === 'withdraw',
            fields: resolution === 'correct' ? (d.corrections ?? {}) : {},
          });
          await creditRepo.updateCase(tx, c.id, {
            status: to,
            decided_on: today,
            resolution,
            decision_note: d.note,
          });
          break;
        }
        case 'repair':
          to = 'repaired';
          record = await creditRepo.recordForUpdate(tx, c.record_id);
          await creditRepo.markRepaired(tx, c.record_id, today);
          await creditRepo.updateCase(tx, c.id, { status: to, decided_on: today, decision_note: d.note });
          break;
      }
      await creditRepo.insertCaseEvent(tx, {
        case_id: c.id,
        action: d.action,
        from_status: c.status,
        to_status: to,
        note: d.note,
        actor_name: actor.name,
      });
      await this.audit.record(
        actor,
        {
          action: `credit.case.${d.action}`,
          objectType: 'credit_case',
          objectId: c.id,
          departmentId: c.department_id,
          outcome: 'success',
          details: {
            kind: c.kind,
            recordId: c.record_id,
            ...(record
              ? { recordChanged: d.action === 'repair' ? 'repaired' : (d.resolution ?? 'correct') }
              : {}),
            keys: [c.subject_code],
          },
        },
        tx,
      );
    });
    return this.get(caseId);
  }

  async list(
    filter: { departmentIds: string[] | null; subjectCodes?: string[] },
    query: CreditCaseQueryT,
  ): Promise<{ items: CreditCaseT[]; nextCursor: string | null }> {
    const limit = query.limit ?? 50;
    const rows = await creditRepo.listCases(
      this.db,
      { ...filter, kind: query.kind, status: query.status, open: query.open, overdue: query.overdue },
      chinaToday(),
      limit,
      query.after,
    );
    const page = rows.slice(0, limit);
    return {
      items: await this.views(page),
      nextCursor: rows.length > limit ? page[page.length - 1]!.seq : null,
    };
  }
}
