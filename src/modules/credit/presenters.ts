import { maskValue } from '../../lib/mask.ts';
import type { Department, OrgService } from '../org/index.ts';
import type { CaseEventRow, CaseRow, ListRow, RecordRow } from './repo.ts';
import { caseOverdue, publicityState } from './rules.ts';
import type {
  CreditCaseT,
  CreditListEntryT,
  CreditRecordT,
  ListStatus,
  PublicCreditRecordT,
  SubjectCategory,
} from './schema.ts';

/** A 身份证号 is only ever shown masked (first 6 and last 4); a credit code is public record. */
export function shownCode(category: SubjectCategory, code: string): string {
  return category === 'person' ? String(maskValue('id_card', code)) : code;
}

/** A 自然人's name outside the staff views keeps only the surname. */
export function publicName(category: SubjectCategory, name: string): string {
  return category === 'person' ? String(maskValue('person_name', name)) : name;
}

const num = (v: string | null) => (v === null ? null : Number(v));

export function listStatus(row: ListRow, today: string): ListStatus {
  if (row.removed_on !== null && row.removed_on <= today) return 'removed';
  if (row.listed_on > today) return 'pending';
  if (row.valid_until !== null && row.valid_until < today) return 'expired';
  return 'in_force';
}

function publicFields(r: RecordRow): PublicCreditRecordT {
  return {
    id: r.id,
    kind: r.kind,
    subjectName: r.subject_name,
    subjectCategory: r.subject_category,
    subjectCode: shownCode(r.subject_category, r.subject_code),
    legalRepresentative: r.legal_rep,
    decisionNo: r.decision_no,
    decisionDate: r.decision_date,
    authorityName: r.authority_name,
    authorityCode: r.authority_code,
    sourceName: r.source_name,
    violationType: r.violation_type,
    violationFacts: r.violation_facts,
    basis: r.basis,
    penaltyKinds: r.penalty_kinds ?? [],
    penaltyContent: r.penalty_content,
    fineAmount: num(r.fine_amount),
    confiscatedAmount: num(r.confiscated_amount),
    licenseAffected: r.license_affected,
    penaltyValidUntil: r.penalty_valid_until,
    docName: r.doc_name,
    licenseCategory: r.license_category as PublicCreditRecordT['licenseCategory'],
    certificateName: r.certificate_name,
    licenseNo: r.license_no,
    licenseContent: r.license_content,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    publicityUntil: r.publicity_until,
  };
}

/** Rows → API objects, with department names asked of the org service. */
export class CreditPresenter {
  constructor(private readonly org: OrgService) {}

  async departments(ids: string[]): Promise<Map<string, Department>> {
    return this.org.getMany([...new Set(ids)]);
  }

  record(r: RecordRow, dept: Department | undefined, today: string): CreditRecordT {
    return {
      ...publicFields(r),
      seq: r.seq,
      departmentId: r.department_id,
      departmentName: dept?.name ?? '',
      severity: r.severity,
      repairFrom: r.repair_from,
      publicity: publicityState(r, today),
      status: r.status,
      repairedOn: r.repaired_on,
      correctedAt: r.corrected_at?.toISOString() ?? null,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    };
  }

  async records(rows: RecordRow[], today: string): Promise<CreditRecordT[]> {
    const depts = await this.departments(rows.map((r) => r.department_id));
    return rows.map((r) => this.record(r, depts.get(r.department_id), today));
  }

  /** What anyone may see of a record in public view: the national public fields, a person's name and code masked. */
  publicRecord(r: RecordRow): PublicCreditRecordT {
    const out = publicFields(r);
    return { ...out, subjectName: publicName(r.subject_category, r.subject_name) };
  }

  async listEntries(rows: ListRow[], today: string): Promise<CreditListEntryT[]> {
    const depts = await this.departments(rows.map((r) => r.department_id));
    return rows.map((l) => ({
      id: l.id,
      seq: l.seq,
      listKind: l.list_kind,
      listName: l.list_name,
      departmentId: l.department_id,
      departmentName: depts.get(l.department_id)?.name ?? '',
      subjectName: l.subject_name,
      subjectCategory: l.subject_category,
      subjectCode: shownCode(l.subject_category, l.subject_code),
      basis: l.basis,
      listedOn: l.listed_on,
      validUntil: l.valid_until,
      removedOn: l.removed_on,
      removalReason: l.removal_reason,
      status: listStatus(l, today),
    }));
  }

  async cases(rows: CaseRow[], events: CaseEventRow[], today: string): Promise<CreditCaseT[]> {
    const depts = await this.departments(rows.map((r) => r.department_id));
    const byCase = new Map<string, CaseEventRow[]>();
    for (const e of events) byCase.set(e.case_id, [...(byCase.get(e.case_id) ?? []), e]);
    return rows.map((c) => ({
      id: c.id,
      seq: c.seq,
      kind: c.kind,
      recordId: c.record_id,
      record: {
        kind: c.record_kind,
        decisionNo: c.record_decision_no,
        subjectName: c.record_subject_name,
        subjectCode: shownCode(c.record_subject_category, c.subject_code),
      },
      departmentId: c.department_id,
      departmentName: depts.get(c.department_id)?.name ?? '',
      applicantName: c.applicant_name,
      reason: c.reason,
      attachment: c.attachment,
      status: c.status,
      filedOn: c.filed_on,
      acceptDue: c.accept_due,
      acceptedOn: c.accepted_on,
      decideDue: c.decide_due,
      decidedOn: c.decided_on,
      resolution: c.resolution,
      decisionNote: c.decision_note,
      overdue: caseOverdue(c, today),
      history: (byCase.get(c.id) ?? []).map((e) => ({
        action: e.action,
        fromStatus: e.from_status,
        toStatus: e.to_status,
        note: e.note,
        actorName: e.actor_name,
        at: e.at.toISOString(),
      })),
    }));
  }
}
