import type { Db } from '../../db/index.ts';
import { AppError, type FieldError } from '../../core/errors.ts';
import { chinaToday } from '../../lib/time.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import type { Department } from '../org/index.ts';
import type { CreditPresenter } from './presenters.ts';
import { creditRepo, type NewRecord, type RecordRow } from './repo.ts';
import { penaltyPublicity, problem, recordProblems } from './rules.ts';
import type { CreditRecordInputT, CreditRecordQueryT, CreditRecordT } from './schema.ts';

/** A 400 naming every bad field and the rows they are in (1-based), so a batch's author finds them. */
export function batchError(fields: FieldError[]): AppError {
  const rows = [
    ...new Set(fields.map((f) => /^records\[(\d+)\]/.exec(f.field)?.[1]).filter((r) => r !== undefined)),
  ].map((r) => Number(r) + 1);
  return new AppError('REQUEST_VALIDATION_FAILED', { fields, rows });
}

/** One submitted record as it is stored: the department's name and code fill what the input leaves out. */
export function toNewRecord(
  input: CreditRecordInputT,
  dept: Department,
  createdBy: string | null,
): NewRecord {
  const authorityCode = (input.authorityCode ?? dept.uscc).toUpperCase();
  const base = {
    kind: input.kind,
    department_id: dept.id,
    subject_name: input.subjectName,
    subject_category: input.subjectCategory,
    subject_code: input.subjectCode.toUpperCase(),
    legal_rep: input.legalRepresentative ?? null,
    decision_no: input.decisionNo,
    decision_date: input.decisionDate,
    authority_name: input.authorityName ?? dept.name,
    authority_code: authorityCode,
    source_name: input.sourceName ?? dept.name,
    created_by: createdBy,
  };
  if (input.kind === 'penalty') {
    const pub = penaltyPublicity({
      kinds: input.penaltyKinds ?? [],
      fineAmount: input.fineAmount,
      category: input.subjectCategory,
      serious: input.serious,
      decisionDate: input.decisionDate,
      publicityUntil: input.publicityUntil,
    });
    return {
      ...base,
      violation_type: input.violationType ?? null,
      violation_facts: input.violationFacts ?? null,
      basis: input.basis ?? null,
      penalty_kinds: input.penaltyKinds ?? [],
      penalty_content: input.penaltyContent ?? null,
      fine_amount: input.fineAmount === undefined ? null : String(input.fineAmount),
      confiscated_amount: input.confiscatedAmount === undefined ? null : String(input.confiscatedAmount),
      license_affected: input.licenseAffected ?? null,
      penalty_valid_until: input.penaltyValidUntil ?? null,
      severity: pub.severity,
      doc_name: null,
      license_category: null,
      certificate_name: null,
      license_no: null,
      license_content: null,
      valid_from: null,
      valid_to: null,
      repair_from: pub.repairFrom,
      publicity_until: pub.publicityUntil,
    };
  }
  return {
    ...base,
    violation_type: null,
    violation_facts: null,
    basis: null,
    penalty_kinds: null,
    penalty_content: null,
    fine_amount: null,
    confiscated_amount: null,
    license_affected: null,
    penalty_valid_until: null,
    severity: null,
    doc_name: input.docName ?? null,
    license_category: input.licenseCategory ?? null,
    certificate_name: input.certificateName ?? null,
    license_no: input.licenseNo ?? null,
    license_content: input.licenseContent ?? null,
    valid_from: input.validFrom ?? null,
    valid_to: input.validTo ?? null,
    repair_from: null,
    // A license is shown while in force.
    publicity_until: input.validTo ?? null,
  };
}

/** 双公示 records: submitting (all or nothing, idempotent per decision), the staff list and page. */
export class CreditRecords {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly present: CreditPresenter,
  ) {}

  /** Every problem of a batch, each naming `records[i].field`, before anything is written. */
  problems(records: CreditRecordInputT[], dept: Department, today = chinaToday()): FieldError[] {
    const out = records.flatMap((r, i) => recordProblems(r, i, today));
    const seen = new Map<string, number>();
    records.forEach((r, i) => {
      const key = `${r.kind}|${(r.authorityCode ?? dept.uscc).toUpperCase()}|${r.decisionNo}`;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else
        out.push(
          problem(
            `records[${i}].decisionNo`,
            'DUPLICATE',
            `第 ${i + 1} 行：文书号与第 ${first + 1} 行重复`,
            `row ${i + 1}: the same decision number as row ${first + 1}`,
          ),
        );
    });
    return out;
  }

  /**
   * Submits a batch for one department: every row checked first (a bad row stores nothing), then one statement
   * inserts new decisions and updates those already published under the same authority and number.
   */
  async submit(
    actor: Actor,
    dept: Department,
    records: CreditRecordInputT[],
  ): Promise<{ created: number; updated: number; ids: string[] }> {
    const problems = this.problems(records, dept);
    if (problems.length) throw batchError(problems);
    const rows = records.map((r) => toNewRecord(r, dept, actor.name));
    return this.db.transaction(async (tx) => {
      const taken = await creditRepo.existingKeys(
        tx,
        rows.map((r) => ({ kind: r.kind, authority_code: r.authority_code, decision_no: r.decision_no })),
      );
      const foreign = new Set(
        taken
          .filter((t) => t.department_id !== dept.id)
          .map((t) => `${t.kind}|${t.authority_code}|${t.decision_no}`),
      );
      const clashes = rows.flatMap((r, i) =>
        foreign.has(`${r.kind}|${r.authority_code}|${r.decision_no}`)
          ? [
              problem(
                `records[${i}].decisionNo`,
                'TAKEN',
                `第 ${i + 1} 行：该机关的此文书号已由其他部门公示`,
                `row ${i + 1}: another department published this authority's decision number`,
              ),
            ]
          : [],
      );
      if (clashes.length) throw batchError(clashes);
      const written = await creditRepo.upsertRecords(tx, rows);
      const created = written.filter((w) => w.inserted).length;
      const updated = written.length - created;
      await this.audit.record(
        actor,
        {
          action: 'credit.publish',
          objectType: 'credit_record',
          objectId: written.length === 1 ? written[0]!.id : null,
          departmentId: dept.id,
          outcome: 'success',
          details: { created, updated, keys: [...new Set(rows.map((r) => r.subject_code))] },
        },
        tx,
      );
      return { created, updated, ids: written.map((w) => w.id) };
    });
  }

  async find(id: string): Promise<RecordRow> {
    const row = await creditRepo.recordById(this.db, id);
    if (!row) throw new AppError('CREDIT_RECORD_NOT_FOUND', { id });
    return row;
  }

  /** The record page: audited as a read of the subject's data. */
  async detail(actor: Actor, row: RecordRow): Promise<CreditRecordT> {
    await this.audit.record(actor, {
      action: 'credit.read',
      objectType: 'credit_record',
      objectId: row.id,
      departmentId: row.department_id,
      outcome: 'success',
      details: { keys: [row.subject_code] },
    });
    const [view] = await this.present.records([row], chinaToday());
    return view!;
  }

  /** A keyset page, newest first; a search for a subject is audited with the code as a key. */
  async list(
    actor: Actor,
    query: CreditRecordQueryT,
  ): Promise<{ items: CreditRecordT[]; nextCursor: string | null }> {
    const limit = query.limit ?? 50;
    const today = chinaToday();
    const q = query.q?.trim();
    const code = q && /^[0-9A-Za-z]{18}$/.test(q) ? q.toUpperCase() : undefined;
    const rows = await creditRepo.listRecords(
      this.db,
      {
        kind: query.kind,
        departmentIds: null,
        departmentId: query.departmentId,
        text: code ? undefined : q,
        code,
        publicity: query.publicity,
      },
      today,
      limit,
      query.after,
    );
    const page = rows.slice(0, limit);
    if (q)
      await this.audit.record(actor, {
        action: 'credit.search',
        objectType: 'credit_record',
        outcome: 'success',
        details: { found: page.length, kind: query.kind ?? null, ...(code ? { keys: [code] } : {}) },
      });
    return {
      items: await this.present.records(page, today),
      nextCursor: rows.length > limit ? page[page.length - 1]!.seq : null,
    };
  }

  async isEmpty(): Promise<boolean> {
    return (await creditRepo.countRecords(this.db)) === 0;
  }
}
